import { describe, expect, it } from "vitest";
import { IntegrityError } from "../../src/core/errors.ts";
import type { JsonObject } from "../../src/core/json.ts";
import type { AuditEventDraft, AuditEventType } from "../../src/requests/audit-events.ts";
import { RuleBreach } from "../../src/requests/decision-rules.ts";
import { evolve, replay } from "../../src/requests/replay.ts";
import { canTransition, type RequestStatus } from "../../src/requests/status.ts";
import type { RequestRecord } from "../../src/requests/types.ts";

/**
 * Event sequences and the request they replay to. evolve() is what the store writes and what
 * `audit verify` recomputes. It refuses an event that makes a move its type never makes, or a
 * system event written by a person (event-moves.ts); whether an event's fromStatus matches where
 * the request was is checked by verify alone, in src/audit/verify-requests.ts (lifecycleProblem).
 */

const MAKER = "U0MAKER";
const ANA = "U0ANA";
const BEN = "U0BEN";
const STRANGER = "U0STRANGE";
const DELEGATE = "U0DELEG";
const SYSTEM = "system";
const ID = "00000000-0000-4000-8000-000000000001";
const T0 = Date.UTC(2026, 2, 2, 14, 0);
const minute = (n: number) => new Date(T0 + n * 60_000);

interface Step {
  readonly type: AuditEventType;
  readonly actor: string;
  readonly from: RequestStatus | null;
  readonly to: RequestStatus | null;
  readonly details?: JsonObject;
}

const step = (
  type: AuditEventType,
  actor: string,
  from: RequestStatus | null,
  to: RequestStatus | null,
  details: JsonObject = {},
): Step => ({ type, actor, from, to, details });

const createdDetails = (approvalsRequired = 1, checkers = [ANA, BEN]): JsonObject => ({
  action: "waive-invoice",
  environment: "production",
  team: "Acme",
  params: { invoice_id: "in_1" },
  purpose: "Double-charged",
  maker: MAKER,
  checkers,
  approvalsRequired,
  duplicateOf: null,
});

const CREATE = step("REQUEST_CREATED", MAKER, null, "PENDING", createdDetails(1));
const CREATE_2 = step("REQUEST_CREATED", MAKER, null, "PENDING", createdDetails(2));
const APPROVE = (actor: string) => step("REQUEST_APPROVED", actor, "PENDING", "APPROVED");
const RECORD = (actor: string) => step("APPROVAL_RECORDED", actor, "PENDING", "PENDING");
const DECLINE = step("REQUEST_DECLINED", BEN, "PENDING", "DECLINED", { reason: "No" });
const CANCEL = step("REQUEST_CANCELLED", MAKER, "PENDING", "CANCELLED", { reason: "Not needed" });
const EXPIRE = step("REQUEST_EXPIRED", SYSTEM, "PENDING", "EXPIRED", { reason: null });
const START = step("EXECUTION_STARTED", SYSTEM, "APPROVED", "EXECUTING");
const RESUME = step("EXECUTION_RESUMED", SYSTEM, "EXECUTING", "EXECUTING");
const FINISH = step("REQUEST_FINISHED", SYSTEM, "EXECUTING", "FINISHED", { result: { ok: 1 } });
const FAIL = step("REQUEST_FAILED", SYSTEM, "EXECUTING", "FAILED", { error: "HTTP 500" });
const BREAK_GLASS = step("BREAK_GLASS_USED", MAKER, "PENDING", "APPROVED", { reason: "Outage" });

/** Drafts for `steps`, one a minute from T0, ids event-1, event-2, … */
function events(steps: readonly Step[]): AuditEventDraft[] {
  return steps.map((s, i) => ({
    id: `event-${i + 1}`,
    type: s.type,
    requestId: ID,
    requestNumber: 7,
    correlationId: ID,
    causationId: null,
    actor: s.actor,
    fromStatus: s.from,
    toStatus: s.to,
    at: minute(i),
    details: s.details ?? {},
  }));
}

const replayed = (steps: readonly Step[]) => replay(events(steps)) as RequestRecord;

/** The message evolve() throws for the last step, and whether it is a RuleBreach. */
function refusal(steps: readonly Step[]): { message: string; ruleBreach: boolean } {
  try {
    replay(events(steps));
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    return { message: error.message, ruleBreach: error instanceof RuleBreach };
  }
  throw new Error("the sequence was replayed");
}

describe("replay: the lifecycle's paths and the request they leave", () => {
  it("replays nothing to nothing", () => {
    expect(replay([])).toBeNull();
  });

  it("REQUEST_CREATED alone: a pending request, every later field empty", () => {
    expect(replayed([CREATE])).toEqual({
      id: ID,
      number: 7,
      actionId: "waive-invoice",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_1" },
      purpose: "Double-charged",
      makerId: MAKER,
      checkerIds: [ANA, BEN],
      approvalsRequired: 1,
      approvedBy: [],
      status: "PENDING",
      version: 0,
      createdAt: minute(0),
      updatedAt: minute(0),
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
      executionStartedAt: null,
      executedAt: null,
      result: null,
      error: null,
      duplicateOfId: null,
      correlationId: ID,
      lastEventId: "event-1",
      remindersSent: 0,
      lastRemindedAt: null,
      escalatedAt: null,
      escalatedTo: [],
      breakGlassReason: null,
      reviewsRequired: 1,
      reviewVerdict: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewNote: null,
      onBehalfOf: {},
      workflowStep: null,
    } satisfies RequestRecord);
  });

  it.each<{ name: string; steps: Step[]; expected: Partial<RequestRecord> }>([
    {
      name: "approved by one checker",
      steps: [CREATE, APPROVE(ANA)],
      expected: { status: "APPROVED", version: 1, approvedBy: [ANA], decidedBy: ANA },
    },
    {
      name: "two approvals required: recorded, then approved",
      steps: [CREATE_2, RECORD(ANA), APPROVE(BEN)],
      expected: { status: "APPROVED", version: 2, approvedBy: [ANA, BEN], decidedBy: BEN },
    },
    {
      name: "one of two approvals: still pending",
      steps: [CREATE_2, RECORD(ANA)],
      expected: { status: "PENDING", version: 1, approvedBy: [ANA], decidedBy: null },
    },
    {
      name: "declined",
      steps: [CREATE, DECLINE],
      expected: { status: "DECLINED", approvedBy: [], decidedBy: BEN, decisionReason: "No" },
    },
    {
      name: "declined after one of two approvals",
      steps: [CREATE_2, RECORD(ANA), DECLINE],
      expected: { status: "DECLINED", approvedBy: [ANA], decidedBy: BEN, decisionReason: "No" },
    },
    {
      name: "cancelled by the maker",
      steps: [CREATE, CANCEL],
      expected: { status: "CANCELLED", decidedBy: MAKER, decisionReason: "Not needed" },
    },
    {
      name: "expired by the system, with no reason",
      steps: [CREATE, EXPIRE],
      expected: { status: "EXPIRED", decidedBy: SYSTEM, decisionReason: null },
    },
    {
      name: "approved, run",
      steps: [CREATE, APPROVE(ANA), START],
      expected: { status: "EXECUTING", executionStartedAt: minute(2), executedAt: null },
    },
    {
      name: "approved, run, finished",
      steps: [CREATE, APPROVE(ANA), START, FINISH],
      expected: {
        status: "FINISHED",
        version: 3,
        decidedAt: minute(1),
        executionStartedAt: minute(2),
        executedAt: minute(3),
        result: { ok: 1 },
        error: null,
      },
    },
    {
      name: "approved, run, failed",
      steps: [CREATE, APPROVE(ANA), START, FAIL],
      expected: { status: "FAILED", executedAt: minute(3), error: "HTTP 500", result: null },
    },
    {
      name: "a failure with no error text says failed",
      steps: [CREATE, APPROVE(ANA), START, { ...FAIL, details: {} }],
      expected: { status: "FAILED", error: "failed" },
    },
    {
      name: "run, resumed by another process, finished",
      steps: [CREATE, APPROVE(ANA), START, RESUME, FINISH],
      expected: {
        status: "FINISHED",
        version: 4,
        executionStartedAt: minute(2),
        updatedAt: minute(4),
        lastEventId: "event-5",
      },
    },
    {
      name: "break glass: approved by the maker, no checker",
      steps: [CREATE, BREAK_GLASS],
      expected: {
        status: "APPROVED",
        approvedBy: [],
        decidedBy: MAKER,
        breakGlassReason: "Outage",
        reviewsRequired: 1,
      },
    },
    {
      name: "break glass sealing a second look",
      steps: [CREATE, { ...BREAK_GLASS, details: { reason: "Outage", reviewsRequired: 2 } }],
      expected: { status: "APPROVED", reviewsRequired: 2 },
    },
    {
      name: "two reminders and an escalation leave it pending",
      steps: [
        CREATE,
        step("REMINDER_SENT", SYSTEM, "PENDING", "PENDING"),
        step("REMINDER_SENT", SYSTEM, "PENDING", "PENDING"),
        step("REQUEST_ESCALATED", SYSTEM, "PENDING", "PENDING", { recipients: ["U0BOSS", 3] }),
      ],
      expected: {
        status: "PENDING",
        version: 3,
        remindersSent: 2,
        lastRemindedAt: minute(2),
        escalatedAt: minute(3),
        escalatedTo: ["U0BOSS"],
      },
    },
    {
      name: "re-routed to a delegate, who approves on the checker's behalf",
      steps: [
        CREATE,
        step("CHECKER_REROUTED", SYSTEM, "PENDING", "PENDING", { from: ANA, to: DELEGATE }),
        step("REQUEST_APPROVED", DELEGATE, "PENDING", "APPROVED", { onBehalfOf: ANA }),
      ],
      expected: {
        status: "APPROVED",
        checkerIds: [DELEGATE, BEN],
        onBehalfOf: { [DELEGATE]: ANA },
        approvedBy: [DELEGATE],
      },
    },
    {
      name: "re-routed twice: the second delegate still stands in for the first checker",
      steps: [
        CREATE,
        step("CHECKER_REROUTED", SYSTEM, "PENDING", "PENDING", { from: ANA, to: DELEGATE }),
        step("CHECKER_REROUTED", SYSTEM, "PENDING", "PENDING", { from: DELEGATE, to: "U0TWO" }),
      ],
      expected: { checkerIds: ["U0TWO", BEN], onBehalfOf: { U0TWO: ANA } },
    },
  ])("$name", ({ steps, expected }) => {
    expect(replayed(steps)).toMatchObject(expected);
  });

  it.each(["ATTEMPT_REFUSED", "CHECKER_NUDGED", "OUTBOX_REDRIVEN"] as const)(
    "a %s note leaves the request as it was: same status, version and last event",
    (type) => {
      const before = replayed([CREATE_2, RECORD(ANA)]);
      const after = replayed([CREATE_2, RECORD(ANA), step(type, STRANGER, null, null)]);
      expect(after).toEqual(before);
      expect(after).toMatchObject({ status: "PENDING", version: 1, lastEventId: "event-2" });
    },
  );

  it("does not change the state it is given", () => {
    const [created, approval] = events([CREATE, APPROVE(ANA)]) as [
      AuditEventDraft,
      AuditEventDraft,
    ];
    const state = evolve(null, created);
    const copy = structuredClone(state);
    const next = evolve(state, approval);
    expect(state).toEqual(copy);
    expect(next).not.toBe(state);
  });

  it("takes the correlation id from the event, or the request's own id without one", () => {
    const [created] = events([CREATE]) as [AuditEventDraft];
    expect(
      evolve(null, { ...created, correlationId: "00000000-0000-4000-8000-00000000000f" }),
    ).toMatchObject({ correlationId: "00000000-0000-4000-8000-00000000000f" });
    expect(evolve(null, { ...created, correlationId: null })).toMatchObject({ correlationId: ID });
  });
});

/**
 * Sequences evolve() replays without complaint although their last step is wrong. The last two
 * columns are what verify's own lifecycle check looks at: whether the last event's fromStatus is
 * the status the request was in, and whether canTransition allows the move its toStatus names.
 * Neither evolve() nor that check ties an event's type to its toStatus (the last row).
 */
describe("what replay does not check: an event's fromStatus is verify's job", () => {
  it("an event whose fromStatus is not where the request was replays from where it was", () => {
    const steps = [CREATE, step("REQUEST_APPROVED", ANA, "EXECUTING", "APPROVED")];
    expect(replayed(steps).status).toBe("APPROVED");
    expect(canTransition("PENDING", "APPROVED")).toBe(true);
  });
});

describe("what replay checks: each event type makes its own move, written by its own writer", () => {
  const moved = (type: string, allowed: string, from: string, to: string) =>
    `it is a ${type}, which moves a request ${allowed}, but it moves it ${from} → ${to}`;
  it.each<{ name: string; steps: Step[]; message: string }>([
    {
      name: "finished straight from pending, never approved nor run",
      steps: [CREATE, step("REQUEST_FINISHED", SYSTEM, "PENDING", "FINISHED")],
      message: moved("REQUEST_FINISHED", "EXECUTING → FINISHED", "PENDING", "FINISHED"),
    },
    {
      name: "run without an approval",
      steps: [CREATE, step("EXECUTION_STARTED", SYSTEM, "PENDING", "EXECUTING")],
      message: moved("EXECUTION_STARTED", "APPROVED → EXECUTING", "PENDING", "EXECUTING"),
    },
    {
      name: "a declined request approved afterwards by another checker",
      steps: [CREATE, DECLINE, step("REQUEST_APPROVED", ANA, "DECLINED", "APPROVED")],
      message: moved("REQUEST_APPROVED", "PENDING → APPROVED", "DECLINED", "APPROVED"),
    },
    {
      name: "a finished request run again",
      steps: [
        CREATE,
        APPROVE(ANA),
        START,
        FINISH,
        step("EXECUTION_STARTED", SYSTEM, "FINISHED", "EXECUTING"),
      ],
      message: moved("EXECUTION_STARTED", "APPROVED → EXECUTING", "FINISHED", "EXECUTING"),
    },
    {
      name: "an approved request cancelled",
      steps: [CREATE, APPROVE(ANA), step("REQUEST_CANCELLED", MAKER, "APPROVED", "CANCELLED")],
      message: moved("REQUEST_CANCELLED", "PENDING → CANCELLED", "APPROVED", "CANCELLED"),
    },
    {
      name: "an expired request back to pending",
      steps: [CREATE, EXPIRE, step("REMINDER_SENT", SYSTEM, "EXPIRED", "PENDING")],
      message: moved("REMINDER_SENT", "PENDING → PENDING", "EXPIRED", "PENDING"),
    },
    {
      name: "a type at odds with its toStatus: a decline that approves, with 0 of 2 approvals",
      steps: [CREATE_2, step("REQUEST_DECLINED", BEN, "PENDING", "APPROVED", { reason: "No" })],
      message: moved("REQUEST_DECLINED", "PENDING → DECLINED", "PENDING", "APPROVED"),
    },
    {
      name: "a type at odds with its toStatus: the maker's cancellation that approves",
      steps: [CREATE, step("REQUEST_CANCELLED", MAKER, "PENDING", "APPROVED")],
      message: moved("REQUEST_CANCELLED", "PENDING → CANCELLED", "PENDING", "APPROVED"),
    },
    {
      name: "an approval with no toStatus",
      steps: [CREATE, step("REQUEST_APPROVED", ANA, "PENDING", null)],
      message: moved("REQUEST_APPROVED", "PENDING → APPROVED", "PENDING", "null"),
    },
    {
      name: "a closed request declined by a checker who had not approved it",
      steps: [CREATE, CANCEL, step("REQUEST_DECLINED", ANA, "CANCELLED", "DECLINED")],
      message: moved("REQUEST_DECLINED", "PENDING → DECLINED", "CANCELLED", "DECLINED"),
    },
    {
      name: "a cancellation by a stranger",
      steps: [CREATE, step("REQUEST_CANCELLED", STRANGER, "PENDING", "CANCELLED")],
      message: `it is a REQUEST_CANCELLED written by ${STRANGER}, but only its maker (${MAKER}) can do that`,
    },
    {
      name: "an expiry written by a checker",
      steps: [CREATE, step("REQUEST_EXPIRED", ANA, "PENDING", "EXPIRED")],
      message: `it is a REQUEST_EXPIRED written by ${ANA}, but only the bot itself writes those`,
    },
    {
      name: "a run started by a person",
      steps: [CREATE, APPROVE(ANA), step("EXECUTION_STARTED", STRANGER, "APPROVED", "EXECUTING")],
      message: `it is a EXECUTION_STARTED written by ${STRANGER}, but only the bot itself writes those`,
    },
    {
      name: "a result written by the maker",
      steps: [
        CREATE,
        APPROVE(ANA),
        START,
        step("REQUEST_FINISHED", MAKER, "EXECUTING", "FINISHED"),
      ],
      message: `it is a REQUEST_FINISHED written by ${MAKER}, but only the bot itself writes those`,
    },
  ])("$name is a rule breach", ({ steps, message }) => {
    expect(refusal(steps)).toEqual({ message, ruleBreach: true });
  });
});

describe("what replay does check: it throws for a trail it cannot rebuild", () => {
  it.each<{ name: string; steps: Step[]; message: string | RegExp; ruleBreach: boolean }>([
    {
      name: "an event before the request's creation",
      steps: [APPROVE(ANA)],
      message: "event event-1 (REQUEST_APPROVED) comes before its request was created",
      ruleBreach: false,
    },
    {
      name: "a note before the request's creation",
      steps: [step("ATTEMPT_REFUSED", STRANGER, null, null)],
      message: "event event-1 (ATTEMPT_REFUSED) comes before its request was created",
      ruleBreach: false,
    },
    {
      name: "a second creation",
      steps: [CREATE, CREATE],
      message: `request ${ID} is created twice (event event-2)`,
      ruleBreach: false,
    },
    {
      name: "a creation missing what the maker asked for",
      steps: [{ ...CREATE, details: { action: "waive-invoice" } }],
      message: "event event-1 does not describe the request it creates",
      ruleBreach: false,
    },
    {
      name: "a re-routing that says not who to whom",
      steps: [CREATE, step("CHECKER_REROUTED", SYSTEM, "PENDING", "PENDING", { from: ANA })],
      message: "event event-2 re-routes a request without saying who to whom",
      ruleBreach: false,
    },
    {
      name: "a break-glass use sealing three reviews",
      steps: [CREATE, { ...BREAK_GLASS, details: { reason: "Outage", reviewsRequired: 3 } }],
      message: "event event-2 seals 3 reviews; 1 or 2 are possible",
      ruleBreach: false,
    },
    {
      name: "a break-glass review without a verdict",
      steps: [CREATE, BREAK_GLASS, step("BREAK_GLASS_REVIEWED", ANA, "APPROVED", "APPROVED")],
      message: "event event-3 reviews a break-glass use with no verdict",
      ruleBreach: false,
    },
    {
      name: "a delegation event on a request",
      steps: [CREATE, step("DELEGATION_SET", ANA, "PENDING", "PENDING")],
      message: 'event event-2 has an unknown type "DELEGATION_SET"',
      ruleBreach: false,
    },
    {
      name: "a delegation ended on a request",
      steps: [CREATE, step("DELEGATION_ENDED", ANA, "PENDING", "PENDING")],
      message: 'event event-2 has an unknown type "DELEGATION_ENDED"',
      ruleBreach: false,
    },
    {
      name: "an approval by the maker",
      steps: [CREATE, APPROVE(MAKER)],
      message: `${MAKER} approved it, but made it: a maker cannot check their own request`,
      ruleBreach: true,
    },
    {
      name: "an approval short of the two required",
      steps: [CREATE_2, APPROVE(ANA)],
      message: "it approves the request with 1 approval(s), but its creation requires 2",
      ruleBreach: true,
    },
  ])("$name", ({ steps, message, ruleBreach }) => {
    expect(refusal(steps)).toEqual({ message, ruleBreach });
  });

  it("a creation without a request number cannot be replayed", () => {
    const [created] = events([CREATE]) as [AuditEventDraft];
    expect(() => evolve(null, { ...created, requestNumber: null })).toThrow(
      "event event-1 does not describe the request it creates",
    );
  });
});
