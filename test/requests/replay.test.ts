import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/core/json.ts";
import type { AuditEventDraft, AuditEventType } from "../../src/requests/audit-events.ts";
import { RuleBreach } from "../../src/requests/decision-rules.ts";
import { evolve, replay } from "../../src/requests/replay.ts";
import type { RequestStatus } from "../../src/requests/status.ts";
import type { RequestRecord } from "../../src/requests/types.ts";

const MAKER = "U0MAKER";
const ANA = "U0ANA";
const BEN = "U0BEN";
const STRANGER = "U0STRANGE";
const DELEGATE = "U0DELEG";
const ID = "00000000-0000-4000-8000-000000000001";

let nextEvent = 0;

function event(
  type: AuditEventType,
  actor: string,
  details: JsonObject = {},
  status: { from?: RequestStatus | null; to?: RequestStatus | null } = {},
): AuditEventDraft {
  nextEvent += 1;
  return {
    id: `event-${nextEvent}`,
    type,
    requestId: ID,
    requestNumber: 7,
    correlationId: ID,
    causationId: null,
    actor,
    fromStatus: status.from ?? "PENDING",
    toStatus: status.to === undefined ? "PENDING" : status.to,
    at: new Date(Date.UTC(2026, 2, 2, 14, nextEvent)),
    details,
  };
}

/** REQUEST_CREATED: by default two checkers, and `approvalsRequired` approvals. */
function creation(approvalsRequired = 2, checkers = [ANA, BEN]): AuditEventDraft {
  return event(
    "REQUEST_CREATED",
    MAKER,
    {
      action: "waive-invoice",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_1" },
      purpose: "Double-charged",
      maker: MAKER,
      checkers,
      approvalsRequired,
      duplicateOf: null,
    },
    { from: null },
  );
}

/** The request as its creation seals it. */
const created = (approvalsRequired = 2, checkers = [ANA, BEN]) =>
  evolve(null, creation(approvalsRequired, checkers));

const approval = (actor: string, details: JsonObject = {}) =>
  event("APPROVAL_RECORDED", actor, details);
const approved = (actor: string, details: JsonObject = {}) =>
  event("REQUEST_APPROVED", actor, details, { to: "APPROVED" });
const declined = (actor: string) =>
  event("REQUEST_DECLINED", actor, { reason: "No" }, { to: "DECLINED" });

/** What evolve refuses `next` with, after the events that led to `state`. */
function breach(state: RequestRecord, next: AuditEventDraft): string {
  try {
    evolve(state, next);
  } catch (error) {
    if (error instanceof RuleBreach) return error.message;
    throw error;
  }
  throw new Error(`${next.type} by ${next.actor} was accepted`);
}

describe("evolve: decisions follow the rules sealed in the trail", () => {
  it("accepts the sealed checkers' approvals up to the approvals required", () => {
    expect(replay([creation(2), approval(ANA), approved(BEN)])).toMatchObject({
      status: "APPROVED",
      approvedBy: [ANA, BEN],
      decidedBy: BEN,
    });
    expect(replay([creation(2), declined(BEN)])).toMatchObject({ status: "DECLINED" });
  });

  it("rejects an approval or decline by someone who is not a sealed checker", () => {
    const why = `${STRANGER} approved it, but is not one of the checkers sealed in its trail (${ANA}, ${BEN})`;
    expect(breach(created(), approval(STRANGER))).toBe(why);
    expect(breach(created(1), approved(STRANGER))).toBe(why);
    expect(breach(created(), declined(STRANGER))).toBe(
      `${STRANGER} declined it, but is not one of the checkers sealed in its trail (${ANA}, ${BEN})`,
    );
  });

  it("rejects a decision by the maker, even one named among the checkers", () => {
    expect(breach(created(1, [ANA, MAKER]), approved(MAKER))).toBe(
      `${MAKER} approved it, but made it: a maker cannot check their own request`,
    );
  });

  it("rejects an approval short of the sealed approvals required", () => {
    expect(breach(created(2), approved(ANA))).toBe(
      "it approves the request with 1 approval(s), but its creation requires 2",
    );
  });

  it("rejects an approval that reaches the approvals required without approving", () => {
    expect(breach(created(1), approval(ANA))).toBe(
      "it records approval 1 of 1 without approving the request",
    );
    expect(breach(evolve(created(2), approval(ANA)), approval(BEN))).toBe(
      "it records approval 2 of 2 without approving the request",
    );
  });

  it("counts a checker once: a second approval or a decline after approving is rejected", () => {
    const once = evolve(created(3, [ANA, BEN, "U0CAL"]), approval(ANA));
    expect(breach(once, approval(ANA))).toBe(`${ANA} approved it, but had already approved it`);
    expect(breach(once, declined(ANA))).toBe(`${ANA} declined it, but had already approved it`);
  });

  it("lets a delegate decide once re-routed, on behalf of the checker they stand in for", () => {
    const rerouted = evolve(
      created(1),
      event("CHECKER_REROUTED", ANA, { from: ANA, to: DELEGATE, delegation: "d1" }),
    );
    expect(evolve(rerouted, approved(DELEGATE, { onBehalfOf: ANA }))).toMatchObject({
      status: "APPROVED",
      approvedBy: [DELEGATE],
    });
    // The checker they replaced is no longer one of its checkers.
    expect(breach(rerouted, approved(ANA))).toMatch(/^U0ANA approved it, but is not one/);
    expect(breach(rerouted, approved(DELEGATE, { onBehalfOf: BEN }))).toBe(
      `it says ${DELEGATE} decided on behalf of ${BEN}, but the trail has them standing in for ${ANA}`,
    );
  });

  it("rejects a re-routing from someone who is not a checker, or to the maker or a checker", () => {
    const reroute = (from: string, to: string) =>
      event("CHECKER_REROUTED", from, { from, to, delegation: "d1" });
    expect(breach(created(), reroute(STRANGER, DELEGATE))).toBe(
      `it moves the part of ${STRANGER}, who is not one of its checkers (${ANA}, ${BEN})`,
    );
    expect(breach(created(), reroute(ANA, MAKER))).toBe(
      `it moves a checker's part to ${MAKER}, who made the request`,
    );
    expect(breach(created(), reroute(ANA, BEN))).toBe(
      `it moves a checker's part to ${BEN}, already a checker`,
    );
  });

  it("a break-glass review: by a sealed reviewer other than the maker, once", () => {
    const used = evolve(
      created(1),
      event("BREAK_GLASS_USED", MAKER, { reason: "Outage" }, { to: "APPROVED" }),
    );
    const review = (actor: string) =>
      event(
        "BREAK_GLASS_REVIEWED",
        actor,
        { verdict: "ACKNOWLEDGED", note: null },
        { from: "APPROVED", to: "APPROVED" },
      );
    expect(breach(used, review(STRANGER))).toMatch(/^U0STRANGE reviewed it, but is not one/);
    expect(breach(used, review(MAKER))).toMatch(/^U0MAKER reviewed it, but made it/);
    const reviewed = evolve(used, review(ANA));
    expect(reviewed).toMatchObject({ reviewVerdict: "ACKNOWLEDGED", reviewedBy: ANA });
    expect(breach(reviewed, review(BEN))).toBe(
      `it reviews a break-glass use already reviewed by ${ANA}`,
    );
    expect(breach(created(1), review(ANA))).toBe(
      "it reviews a request that did not break the glass",
    );
  });

  it("checks against what the trail sealed, not against a row edited to say otherwise", () => {
    const sealed = created(2);
    const edited: RequestRecord = { ...sealed, checkerIds: [ANA, BEN, STRANGER] };
    // The store applies events to the row it read; replay applies them to the trail alone.
    expect(evolve(edited, approval(STRANGER)).approvedBy).toEqual([STRANGER]);
    expect(() => replay([creation(2), approval(STRANGER)])).toThrow(RuleBreach);
    const lowered: RequestRecord = { ...sealed, approvalsRequired: 1 };
    expect(evolve(lowered, approved(ANA)).status).toBe("APPROVED");
    expect(() => replay([creation(2), approved(ANA)])).toThrow(
      "it approves the request with 1 approval(s), but its creation requires 2",
    );
  });
});
