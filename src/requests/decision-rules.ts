import { IntegrityError } from "../core/errors.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import { moveProblem } from "./event-moves.ts";
import type { RequestRecord } from "./types.ts";

/**
 * A sealed event that breaks the maker-checker rules sealed before it: a decision by someone who
 * was never a checker, by the maker, an approval short of the approvals the request requires, an
 * event that makes a move its type never makes (a "decline" that approves), or a system event
 * written by a person.
 * Only a hand with the audit key and write access to the database can put one in the trail.
 */
export class RuleBreach extends IntegrityError {}

/** Events that say someone decided on the request: only one of its checkers may write them. */
const DECISIONS = new Set<AuditEventDraft["type"]>([
  "APPROVAL_RECORDED",
  "REQUEST_APPROVED",
  "REQUEST_DECLINED",
  "BREAK_GLASS_REVIEWED",
]);

const VERBS: Partial<Record<AuditEventDraft["type"], string>> = {
  APPROVAL_RECORDED: "approved",
  REQUEST_APPROVED: "approved",
  REQUEST_DECLINED: "declined",
  BREAK_GLASS_REVIEWED: "reviewed",
};

/**
 * Throws a RuleBreach when `event` may not follow `state`. `state` is what the trail sealed so
 * far (its creation and re-routings), never an editable row: a replay of the events, so a checker
 * added to the requests table by hand is no checker here.
 */
export function checkSealedRules(state: RequestRecord, event: AuditEventDraft): void {
  const why =
    moveProblem(state, event) ??
    (DECISIONS.has(event.type)
      ? decisionProblem(state, event)
      : event.type === "CHECKER_REROUTED"
        ? rerouteProblem(state, event)
        : null);
  if (why) throw new RuleBreach(why);
}

function decisionProblem(state: RequestRecord, event: AuditEventDraft): string | null {
  const actor = event.actor;
  const verb = VERBS[event.type] ?? "decided on";
  if (actor === state.makerId)
    return `${actor} ${verb} it, but made it: a maker cannot check their own request`;
  if (!state.checkerIds.includes(actor)) {
    return `${actor} ${verb} it, but is not one of the checkers sealed in its trail (${list(state.checkerIds)})`;
  }
  const claimed = event.details.onBehalfOf;
  const standsInFor = state.onBehalfOf[actor];
  if (claimed !== undefined && claimed !== standsInFor) {
    return `it says ${actor} decided on behalf of ${String(claimed)}, but the trail has them standing in for ${standsInFor ?? "nobody"}`;
  }
  if (event.type === "BREAK_GLASS_REVIEWED") {
    if (state.breakGlassReason === null) return "it reviews a request that did not break the glass";
    if (state.reviewVerdict !== null)
      return `it reviews a break-glass use already reviewed by ${state.reviewedBy}`;
    return null;
  }
  if (state.approvedBy.includes(actor)) return `${actor} ${verb} it, but had already approved it`;
  if (event.type === "REQUEST_DECLINED") return null;
  const approvals = state.approvedBy.length + 1;
  const required = state.approvalsRequired;
  if (event.type === "REQUEST_APPROVED" && approvals < required) {
    return `it approves the request with ${approvals} approval(s), but its creation requires ${required}`;
  }
  if (event.type === "APPROVAL_RECORDED" && approvals >= required) {
    return `it records approval ${approvals} of ${required} without approving the request`;
  }
  return null;
}

function rerouteProblem(state: RequestRecord, event: AuditEventDraft): string | null {
  const { from, to } = event.details;
  if (typeof from !== "string" || typeof to !== "string") return null;
  if (!state.checkerIds.includes(from)) {
    return `it moves the part of ${from}, who is not one of its checkers (${list(state.checkerIds)})`;
  }
  if (to === state.makerId) return `it moves a checker's part to ${to}, who made the request`;
  if (state.checkerIds.includes(to)) return `it moves a checker's part to ${to}, already a checker`;
  return null;
}

function list(ids: readonly string[]): string {
  return ids.length === 0 ? "none" : ids.join(", ");
}
