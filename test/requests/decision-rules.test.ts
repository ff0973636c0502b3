import { describe, expect, it } from "vitest";
import { IntegrityError } from "../../src/core/errors.ts";
import type { JsonObject } from "../../src/core/json.ts";
import {
  AUDIT_EVENT_TYPES,
  type AuditEventDraft,
  type AuditEventType,
} from "../../src/requests/audit-events.ts";
import { checkSealedRules, RuleBreach } from "../../src/requests/decision-rules.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { pendingRequest } from "../support/request-record.ts";

/**
 * checkSealedRules on its own: the request as the trail sealed it, one event, and the breach it
 * names (or none). replay.test.ts covers the same rules through evolve().
 */

const MAKER = "U0MAKER";
const ANA = "U0ANA";
const BEN = "U0BEN";
const CAL = "U0CAL";
const STRANGER = "U0STRANGE";
const DELEGATE = "U0DELEG";

const AT = new Date(Date.UTC(2026, 2, 2, 14, 0));

/** A pending request by MAKER, checked by ANA and BEN, one approval required. */
function request(changes: Partial<RequestRecord> = {}): RequestRecord {
  return pendingRequest({
    id: "00000000-0000-4000-8000-000000000001",
    number: 7,
    actionId: "waive-invoice",
    team: "Acme",
    params: {},
    purpose: "Double-charged",
    makerId: MAKER,
    checkerIds: [ANA, BEN],
    version: 0,
    createdAt: AT,
    updatedAt: AT,
    correlationId: "00000000-0000-4000-8000-000000000001",
    lastEventId: "event-0",
    ...changes,
  });
}

/** The status each event type moves a pending (or, for a run, approved) request to. */
const TO: Partial<Record<AuditEventType, RequestRecord["status"]>> = {
  REQUEST_APPROVED: "APPROVED",
  BREAK_GLASS_USED: "APPROVED",
  REQUEST_DECLINED: "DECLINED",
  REQUEST_CANCELLED: "CANCELLED",
  REQUEST_EXPIRED: "EXPIRED",
};

function event(type: AuditEventType, actor: string, details: JsonObject = {}): AuditEventDraft {
  return {
    id: "event-1",
    type,
    requestId: "00000000-0000-4000-8000-000000000001",
    requestNumber: 7,
    correlationId: null,
    causationId: null,
    actor,
    fromStatus: "PENDING",
    toStatus: TO[type] ?? "PENDING",
    at: AT,
    details,
  };
}

/** The breach `event` is refused with on `state`, or null when it passes. */
function breach(state: RequestRecord, next: AuditEventDraft): string | null {
  try {
    checkSealedRules(state, next);
    return null;
  } catch (error) {
    if (error instanceof RuleBreach) return error.message;
    throw error;
  }
}

const TWO_OF_THREE = request({ checkerIds: [ANA, BEN, CAL], approvalsRequired: 2 });
const ONE_IN = request({ checkerIds: [ANA, BEN, CAL], approvalsRequired: 2, approvedBy: [ANA] });
const REROUTED = request({ checkerIds: [DELEGATE, BEN], onBehalfOf: { [DELEGATE]: ANA } });
const BROKEN_GLASS = request({ status: "APPROVED", breakGlassReason: "Outage" });
const REVIEWED = request({
  status: "APPROVED",
  breakGlassReason: "Outage",
  reviewVerdict: "ACKNOWLEDGED",
  reviewedBy: ANA,
});

describe("checkSealedRules: decisions", () => {
  it.each<[string, RequestRecord, AuditEventDraft, string | null]>([
    ["a checker approves", request(), event("REQUEST_APPROVED", ANA), null],
    ["a checker declines", request(), event("REQUEST_DECLINED", BEN), null],
    ["first of two approvals recorded", TWO_OF_THREE, event("APPROVAL_RECORDED", ANA), null],
    ["second of two approvals approves", ONE_IN, event("REQUEST_APPROVED", BEN), null],
    ["a decline after someone else approved", ONE_IN, event("REQUEST_DECLINED", BEN), null],
    [
      "the maker approves",
      request(),
      event("REQUEST_APPROVED", MAKER),
      `${MAKER} approved it, but made it: a maker cannot check their own request`,
    ],
    [
      "the maker declines, though named a checker",
      request({ checkerIds: [ANA, MAKER] }),
      event("REQUEST_DECLINED", MAKER),
      `${MAKER} declined it, but made it: a maker cannot check their own request`,
    ],
    [
      "a stranger records an approval",
      TWO_OF_THREE,
      event("APPROVAL_RECORDED", STRANGER),
      `${STRANGER} approved it, but is not one of the checkers sealed in its trail (${ANA}, ${BEN}, ${CAL})`,
    ],
    [
      "a stranger declines a request with no checkers",
      request({ checkerIds: [] }),
      event("REQUEST_DECLINED", STRANGER),
      `${STRANGER} declined it, but is not one of the checkers sealed in its trail (none)`,
    ],
    [
      "a checker approves twice",
      ONE_IN,
      event("APPROVAL_RECORDED", ANA),
      `${ANA} approved it, but had already approved it`,
    ],
    [
      "a checker declines what they approved",
      ONE_IN,
      event("REQUEST_DECLINED", ANA),
      `${ANA} declined it, but had already approved it`,
    ],
    [
      "approved short of the approvals required",
      TWO_OF_THREE,
      event("REQUEST_APPROVED", ANA),
      "it approves the request with 1 approval(s), but its creation requires 2",
    ],
    [
      "an approval recorded that reaches the approvals required",
      ONE_IN,
      event("APPROVAL_RECORDED", BEN),
      "it records approval 2 of 2 without approving the request",
    ],
    [
      "an approval recorded when one is enough",
      request(),
      event("APPROVAL_RECORDED", ANA),
      "it records approval 1 of 1 without approving the request",
    ],
    [
      "a delegate approves on behalf of the checker they replaced",
      REROUTED,
      event("REQUEST_APPROVED", DELEGATE, { onBehalfOf: ANA }),
      null,
    ],
    [
      "a delegate approves without saying on whose behalf",
      REROUTED,
      event("REQUEST_APPROVED", DELEGATE),
      null,
    ],
    [
      "a delegate claims to stand in for someone else",
      REROUTED,
      event("REQUEST_APPROVED", DELEGATE, { onBehalfOf: BEN }),
      `it says ${DELEGATE} decided on behalf of ${BEN}, but the trail has them standing in for ${ANA}`,
    ],
    [
      "a checker claims to stand in for someone",
      REROUTED,
      event("REQUEST_DECLINED", BEN, { onBehalfOf: ANA }),
      `it says ${BEN} decided on behalf of ${ANA}, but the trail has them standing in for nobody`,
    ],
    [
      "the replaced checker decides",
      REROUTED,
      event("REQUEST_DECLINED", ANA),
      `${ANA} declined it, but is not one of the checkers sealed in its trail (${DELEGATE}, ${BEN})`,
    ],
  ])("%s", (_name, state, next, expected) => {
    expect(breach(state, next)).toBe(expected);
  });

  it("a RuleBreach is an IntegrityError: verify reports it as a broken trail", () => {
    expect(() => checkSealedRules(request(), event("REQUEST_APPROVED", MAKER))).toThrow(
      IntegrityError,
    );
  });
});

describe("checkSealedRules: break-glass reviews", () => {
  const review = (actor: string) => event("BREAK_GLASS_REVIEWED", actor, { verdict: "FLAGGED" });

  it.each<[string, RequestRecord, AuditEventDraft, string | null]>([
    ["a checker reviews a break-glass use", BROKEN_GLASS, review(ANA), null],
    [
      "a reviewer who approved before reviews (approvals do not count here)",
      { ...BROKEN_GLASS, approvedBy: [ANA] },
      review(ANA),
      null,
    ],
    [
      "the maker reviews their own use",
      request({ status: "APPROVED", breakGlassReason: "Outage", checkerIds: [ANA, MAKER] }),
      review(MAKER),
      `${MAKER} reviewed it, but made it: a maker cannot check their own request`,
    ],
    [
      "a stranger reviews",
      BROKEN_GLASS,
      review(STRANGER),
      `${STRANGER} reviewed it, but is not one of the checkers sealed in its trail (${ANA}, ${BEN})`,
    ],
    [
      "a review of a request that broke no glass",
      request({ status: "APPROVED" }),
      review(ANA),
      "it reviews a request that did not break the glass",
    ],
    [
      "a review of a settled review",
      REVIEWED,
      review(BEN),
      `it reviews a break-glass use already reviewed by ${ANA}`,
    ],
    [
      "a second look while the first is in (no verdict yet)",
      { ...BROKEN_GLASS, reviewsRequired: 2, reviewedBy: ANA },
      review(BEN),
      null,
    ],
  ])("%s", (_name, state, next, expected) => {
    expect(breach(state, next)).toBe(expected);
  });
});

describe("checkSealedRules: re-routings", () => {
  const reroute = (details: JsonObject) => event("CHECKER_REROUTED", "system", details);

  it.each<[string, JsonObject, string | null]>([
    ["a checker's part to a delegate", { from: ANA, to: DELEGATE }, null],
    [
      "the part of someone who is not a checker",
      { from: STRANGER, to: DELEGATE },
      `it moves the part of ${STRANGER}, who is not one of its checkers (${ANA}, ${BEN})`,
    ],
    [
      "a checker's part to the maker",
      { from: ANA, to: MAKER },
      `it moves a checker's part to ${MAKER}, who made the request`,
    ],
    [
      "a checker's part to another checker",
      { from: ANA, to: BEN },
      `it moves a checker's part to ${BEN}, already a checker`,
    ],
    // Malformed re-routings are evolve's to refuse (an IntegrityError, not a RuleBreach).
    ["no from", { to: DELEGATE }, null],
    ["no to", { from: ANA }, null],
    ["a from that is not text", { from: 3, to: DELEGATE }, null],
  ])("%s", (_name, details, expected) => {
    expect(breach(request(), reroute(details))).toBe(expected);
  });
});

describe("checkSealedRules: each event type makes only its own move, written by its own writer", () => {
  const SYSTEM = "system";
  /** A legal use of each event type the bot writes: the state before it and the status after. */
  const SYSTEM_EVENTS: [AuditEventType, RequestRecord, RequestRecord["status"]][] = [
    ["REQUEST_EXPIRED", request(), "EXPIRED"],
    ["REMINDER_SENT", request(), "PENDING"],
    ["REQUEST_ESCALATED", request(), "PENDING"],
    ["EXECUTION_STARTED", request({ status: "APPROVED" }), "EXECUTING"],
    ["EXECUTION_RESUMED", request({ status: "EXECUTING" }), "EXECUTING"],
    ["REQUEST_FINISHED", request({ status: "EXECUTING" }), "FINISHED"],
    ["REQUEST_FAILED", request({ status: "EXECUTING" }), "FAILED"],
  ];

  it.each(SYSTEM_EVENTS)("%s passes when the bot writes it", (type, state, to) => {
    expect(
      breach(state, { ...event(type, SYSTEM), fromStatus: state.status, toStatus: to }),
    ).toBeNull();
  });

  it.each(SYSTEM_EVENTS)("%s written by a person is a breach", (type, state, to) => {
    for (const person of [STRANGER, MAKER, ANA]) {
      const forged = { ...event(type, person), fromStatus: state.status, toStatus: to };
      expect(breach(state, forged)).toBe(
        `it is a ${type} written by ${person}, but only the bot itself writes those`,
      );
    }
  });

  it.each(["REQUEST_CANCELLED", "BREAK_GLASS_USED"] as const)("%s is the maker's alone", (type) => {
    expect(breach(request(), event(type, MAKER))).toBeNull();
    expect(breach(request(), event(type, ANA))).toBe(
      `it is a ${type} written by ${ANA}, but only its maker (${MAKER}) can do that`,
    );
  });

  it.each([
    ["a decline that approves", "REQUEST_DECLINED", ANA, "APPROVED", "PENDING → DECLINED"],
    ["a cancel that approves", "REQUEST_CANCELLED", MAKER, "APPROVED", "PENDING → CANCELLED"],
    ["an expiry that approves", "REQUEST_EXPIRED", "system", "APPROVED", "PENDING → EXPIRED"],
    ["a reminder that declines", "REMINDER_SENT", "system", "DECLINED", "PENDING → PENDING"],
    ["an approval that keeps it pending", "REQUEST_APPROVED", ANA, "PENDING", "PENDING → APPROVED"],
    [
      "a recorded approval that approves",
      "APPROVAL_RECORDED",
      ANA,
      "APPROVED",
      "PENDING → PENDING",
    ],
  ] as const)(
    "%s is a breach, though the move itself is legal",
    (_name, type, actor, to, allowed) => {
      expect(breach(request(), { ...event(type, actor), toStatus: to })).toBe(
        `it is a ${type}, which moves a request ${allowed}, but it moves it PENDING → ${to}`,
      );
    },
  );

  it("a run that starts before approval is a breach", () => {
    const early = { ...event("EXECUTION_STARTED", SYSTEM), toStatus: "EXECUTING" as const };
    expect(breach(request(), early)).toBe(
      "it is a EXECUTION_STARTED, which moves a request APPROVED → EXECUTING, but it moves it PENDING → EXECUTING",
    );
  });

  const UNMOVING = new Set<AuditEventType>([
    "REQUEST_CREATED",
    "ATTEMPT_REFUSED",
    "CHECKER_NUDGED",
    "OUTBOX_REDRIVEN",
    "BREAK_GLASS_REVIEWED",
    "DELEGATION_SET",
    "DELEGATION_ENDED",
  ]);

  it.each(AUDIT_EVENT_TYPES.filter((type) => !UNMOVING.has(type)))(
    "%s has its moves listed: reopening a finished request is a breach",
    (type) => {
      const reopen = { ...event(type, "system"), fromStatus: "FINISHED" as const };
      expect(breach(request({ status: "FINISHED" }), reopen)).toMatch(/^it is a .*, which moves/);
    },
  );

  it.each(["ATTEMPT_REFUSED", "CHECKER_NUDGED", "OUTBOX_REDRIVEN", "DELEGATION_SET"] as const)(
    "%s moves nothing and is not checked here",
    (type) => {
      expect(breach(request(), event(type, STRANGER))).toBeNull();
    },
  );
});
