import { refuse } from "../../core/result.ts";
import { formatTime, formatWait } from "../../core/time-text.ts";
import { environmentLabel } from "../../factory/environment-label.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { SYSTEM_ACTOR } from "../audit-events.ts";
import { firstLookBy } from "../break-glass-review.ts";
import type { Naming, PersonStatus } from "../directory.ts";
import { mentionEither } from "../people-text.ts";
import { describePrincipals, type EffectiveRule } from "../rules.ts";
import { label } from "../status-labels.ts";
import type { RequestRecord } from "../types.ts";

/**
 * Every refusal the use cases give, worded in one place. People are named through the
 * directory (`Naming`), so the words carry no chat markup of their own.
 */

export type { Outcome, RefusalCode } from "./refusal-codes.ts";

type Names = Pick<Naming, "mention">;

export function notFound(requestId: string) {
  return refuse("REQUEST.NOT_FOUND", `There is no request ${requestId}.`);
}

export function busy() {
  return refuse("REQUEST.BUSY", "That request is changing right now; try again in a moment.");
}

/** Not a refusal anyone sees: the sweep (or a re-route) found nothing to do. */
export function notDue(why: string) {
  return refuse("REQUEST.NOT_DUE", why);
}

export function tooLong(field: string, what: string, max: number) {
  return refuse("REQUEST.INVALID", `${what} is too long.`, {
    [field]: `Keep it under ${max} characters.`,
  });
}

export function fieldsNeedLook(fields: Record<string, string>) {
  return refuse("REQUEST.INVALID", "Some fields need another look.", fields);
}

/** "#12 was already approved by @U2 at 2026-01-05 14:02 UTC, so it cannot be cancelled." */
export function notPending(naming: Names, request: RequestRecord, verb: string) {
  const by =
    request.decidedBy && request.decidedBy !== SYSTEM_ACTOR
      ? ` by ${naming.mention(request.decidedBy)}`
      : "";
  const when = request.decidedAt ? ` at ${formatTime(request.decidedAt)}` : "";
  const state =
    request.status === "PENDING"
      ? "is still waiting for a decision"
      : request.status === "EXECUTING" ||
          request.status === "FINISHED" ||
          request.status === "FAILED"
        ? `was already approved${by}${when} and is ${label(request.status)}`
        : `was already ${label(request.status)}${by}${when}`;
  return refuse("REQUEST.NOT_PENDING", `#${request.number} ${state}, so it cannot be ${verb}.`);
}

const MAKER_ONLY = {
  duplicate: (n: number) => `duplicate #${n}: a copy is filed with their values.`,
  cancel: (n: number) => `cancel #${n}.`,
  nudge: (n: number) => `nudge the checkers of #${n}.`,
} as const;

/** Something only the maker of a request may do. */
export function notTheMaker(naming: Names, request: RequestRecord, what: keyof typeof MAKER_ONLY) {
  return refuse(
    "REQUEST.NOT_THE_MAKER",
    `Only ${naming.mention(request.makerId)} can ${MAKER_ONLY[what](request.number)}`,
  );
}

export function notDuplicable(request: RequestRecord) {
  return refuse(
    "REQUEST.NOT_DUPLICABLE",
    `#${request.number} is ${label(request.status)}; only a declined, failed, cancelled or expired request can be duplicated.`,
  );
}

export function declineReasonRequired() {
  return refuse(
    "REQUEST.REASON_REQUIRED",
    "Say why you decline, so the maker knows what to change.",
    { reason: "A reason is required." },
  );
}

export function flagNoteRequired() {
  return refuse("REQUEST.REASON_REQUIRED", "Say what looks wrong, so it can be followed up.", {
    note: "A note is required to flag.",
  });
}

/** Waits said as waits: "10 min ago", "in 50 min", whatever the reader's time zone. */
export function nudgedTooSoon(request: RequestRecord, lastAt: Date, allowedAt: Date, now: Date) {
  return refuse(
    "REQUEST.TOO_SOON",
    `You already nudged the checkers of #${request.number} ${formatWait(now.getTime() - lastAt.getTime())} ago; you can nudge them again in ${formatWait(allowedAt.getTime() - now.getTime())}.`,
  );
}

export function resumedElsewhere(request: RequestRecord) {
  return refuse("REQUEST.NOT_PENDING", `#${request.number} was resumed by another process.`);
}

/** The rules every decision shares: a different person, a designated checker, still pending. */
export function decisionRefusal(
  naming: Names,
  request: RequestRecord,
  actorId: string,
  verb: "approve" | "decline",
) {
  if (request.makerId === actorId) {
    return refuse(
      "REQUEST.SELF_APPROVAL",
      `You made #${request.number}, so you cannot ${verb} it: a different person must check it.`,
    );
  }
  if (!request.checkerIds.includes(actorId)) {
    return refuse(
      "REQUEST.NOT_A_CHECKER",
      `Only ${mentionEither(naming, request.checkerIds)} can decide on #${request.number}.`,
    );
  }
  if (request.status !== "PENDING") return notPending(naming, request, "decided on");
  if (request.approvedBy.includes(actorId)) {
    return refuse(
      "REQUEST.ALREADY_APPROVED",
      `You already approved #${request.number}; it is waiting for ${request.approvalsRequired - request.approvedBy.length} more approval(s).`,
    );
  }
  return null;
}

/** The rules of a break-glass review: a use of it, a designated reviewer other than the maker, once. */
export function reviewRefusal(naming: Names, request: RequestRecord, actorId: string) {
  if (request.breakGlassReason === null) {
    return refuse(
      "REQUEST.NOT_BREAK_GLASS",
      `#${request.number} was approved by a checker, not run by breaking the glass: there is nothing to review.`,
    );
  }
  if (request.makerId === actorId) {
    return refuse(
      "REQUEST.SELF_APPROVAL",
      `You broke the glass on #${request.number}, so someone else must review it.`,
    );
  }
  if (!request.checkerIds.includes(actorId)) {
    return refuse(
      "REQUEST.NOT_A_CHECKER",
      `Only ${mentionEither(naming, request.checkerIds)} can review #${request.number}.`,
    );
  }
  if (request.reviewVerdict !== null) {
    const by = request.reviewedBy ? ` by ${naming.mention(request.reviewedBy)}` : "";
    const when = request.reviewedAt ? ` at ${formatTime(request.reviewedAt)}` : "";
    const verdict = request.reviewVerdict === "FLAGGED" ? "flagged" : "acknowledged";
    return refuse(
      "REQUEST.ALREADY_REVIEWED",
      `#${request.number} was already ${verdict}${by}${when}.`,
    );
  }
  return secondLookRefusal(naming, request, actorId);
}

/** A reviewer who gave the first of two looks cannot give the second. */
export function secondLookRefusal(naming: Names, request: RequestRecord, actorId: string) {
  if (firstLookBy(request) !== actorId) return null;
  const others = request.checkerIds.filter((id) => id !== actorId && id !== request.makerId);
  const who = others.length > 0 ? `: ${others.map((id) => naming.mention(id)).join(" or ")}` : "";
  return refuse(
    "REQUEST.ALREADY_REVIEWED",
    `You already acknowledged #${request.number}; it needs a second look by another reviewer${who}.`,
  );
}

/** Why `userId` may not request `action`, naming who may. */
export function makerNotAllowedText(naming: Names, action: ActionDefinition): string {
  return `You are not allowed to request "${action.title}": only ${describePrincipals(naming, action.makers)} may.`;
}

/** `makers` is plain text for the form ("Dana Lee or @finance"). */
export function makerNotAllowed(naming: Names, action: ActionDefinition, makers: string) {
  return refuse("REQUEST.MAKER_NOT_ALLOWED", makerNotAllowedText(naming, action), {
    params: `You may not request "${action.title}": only ${makers} may.`,
  });
}

export function breakGlassNotAllowed(action: ActionDefinition) {
  return refuse(
    "REQUEST.BREAK_GLASS_NOT_ALLOWED",
    `"${action.title}" cannot be run by breaking the glass: it needs a checker's approval.`,
  );
}

/** Its own code, not a field error among others: this is the rule the product exists for. */
export function ownChecker() {
  return refuse(
    "REQUEST.SELF_APPROVAL",
    "You cannot be the checker of your own request: choose someone else.",
    { checkers: "You cannot check your own request." },
  );
}

function unavailableReason(status: PersonStatus | null): string | null {
  switch (status) {
    case "bot":
      return "is a bot, and only a person can approve a request";
    case "deactivated":
      return "is deactivated";
    case "unknown":
      return "is not a member of this workspace";
    default:
      return null;
  }
}

/**
 * A checker who cannot decide at all (a bot, deactivated, a stranger); null when they can.
 * `name` is plain text for the form, where a mention would show as raw markup.
 */
export function checkerUnavailable(
  naming: Names,
  checker: { readonly id: string; readonly name: string },
  status: PersonStatus | null,
) {
  const unavailable = unavailableReason(status);
  if (!unavailable) return null;
  return refuse(
    "REQUEST.CHECKER_UNAVAILABLE",
    `${naming.mention(checker.id)} ${unavailable}: choose someone who can decide.`,
    { checkers: `${checker.name} ${unavailable}: choose someone who can decide.` },
  );
}

/** A checker outside the allow-list: `name` and `who` are plain text for the form. */
export function checkerOutsideAllowList(
  naming: Names,
  action: ActionDefinition,
  rule: EffectiveRule,
  checker: { readonly id: string; readonly name: string },
  who: string,
) {
  const where = rule.specific ? ` in ${environmentLabel(action, rule.environment)}` : "";
  return refuse(
    "REQUEST.CHECKER_NOT_ALLOWED",
    `${naming.mention(checker.id)} may not check "${action.title}" requests${where}: checkers must be ${describePrincipals(naming, rule.checkers)}.`,
    { checkers: `${checker.name} may not approve this${where}: choose ${who}.` },
  );
}

/** Why a checker's delegate cannot stand in on a new request (names are plain text). */
export type DelegateProblem =
  | { readonly kind: "is-maker" }
  | { readonly kind: "already-checks" | "not-allowed"; readonly delegate: string };

export function delegateUnavailable(away: string, problem: DelegateProblem) {
  const whyNot =
    problem.kind === "is-maker"
      ? `${away} and their requests go to you; you cannot check your own request: choose someone else.`
      : problem.kind === "already-checks"
        ? `${away}; their delegate ${problem.delegate} is already a checker of this request: choose someone else.`
        : `${away}; their delegate ${problem.delegate} may not check this: choose someone else.`;
  return refuse("REQUEST.CHECKER_UNAVAILABLE", whyNot, { checkers: whyNot });
}

/** "Dana Lee is away until 2026-01-05 14:02 UTC". */
export function awayUntil(name: string, endsAt: Date): string {
  return `${name} is away until ${formatTime(endsAt)}`;
}

/** Field problems of a new request's form, by field. */
export const FIELD_TEXT = {
  noEnvironment: "Choose an environment.",
  wrongEnvironment: (action: ActionDefinition, environments: readonly string[]) =>
    `"${action.title}" runs only in: ${environments.map((id) => environmentLabel(action, id)).join(", ")}.`,
  noTeam: "Say which team or customer this is for.",
  noPurpose: "Say why this is needed: the checker decides on it.",
  noEmergency: "Say what the emergency is: the reviewers read this.",
  tooLong: (max: number) => `Keep it under ${max} characters.`,
  noChecker: "Choose a checker.",
  tooFewCheckers: (action: ActionDefinition, rule: EffectiveRule) => {
    const where = rule.specific ? ` in ${environmentLabel(action, rule.environment)}` : "";
    return `"${action.title}" needs ${rule.approvals} approvals${where}: choose at least ${rule.approvals} checkers.`;
  },
} as const;
