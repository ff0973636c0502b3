import { z } from "zod";
import { IntegrityError } from "../core/errors.ts";
import type { JsonObject } from "../core/json.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import { REVIEW_VERDICTS, type RequestRecord, type ReviewVerdict } from "./types.ts";

/**
 * Who must see a break-glass use before its review settles. Someone the maker did not choose
 * alone must see it: the designated reviewers (the environment's checker allow-list, which the
 * maker's own picks must belong to as well), or the audit channel, where every use is posted as
 * it happens. Without either, the reviewers are whoever the maker named, so it takes two of them:
 * the maker names at least two, and the use settles on the second acknowledgement (or on the
 * first flag). The number is sealed in BREAK_GLASS_USED, so a later change of the settings does
 * not change what an earlier use needed.
 */
export const SECOND_LOOK = 2;

export function reviewsRequiredFor(allowList: readonly string[], hasAuditChannel: boolean): 1 | 2 {
  return allowList.length === 0 && !hasAuditChannel ? SECOND_LOOK : 1;
}

/** Why the reviewers named for a break-glass use are not enough, or null. */
export function reviewersProblem(title: string, reviewers: number, required: 1 | 2): string | null {
  if (required === 1) {
    return reviewers === 0
      ? `Name who reviews this afterwards: "${title}" has no designated checkers.`
      : null;
  }
  return reviewers < SECOND_LOOK
    ? `Name two reviewers: "${title}" has no designated checkers and no audit channel sees it, so two people must review it afterwards.`
    : null;
}

/** BREAK_GLASS_USED details: the sealed number, recorded only when it is not the usual one. */
export function sealedRequirement(required: 1 | 2): JsonObject {
  return required === SECOND_LOOK ? { reviewsRequired: SECOND_LOOK } : {};
}

/** Replay of BREAK_GLASS_USED: how many reviews it sealed. */
export function reviewsRequiredOf(event: AuditEventDraft): number {
  const sealed = event.details.reviewsRequired;
  if (sealed === undefined) return 1;
  if (sealed !== 1 && sealed !== SECOND_LOOK) {
    throw new IntegrityError(
      `event ${event.id} seals ${String(sealed)} reviews; 1 or 2 are possible`,
    );
  }
  return sealed;
}

/** The first of two looks is in: who gave it (the verdict stays empty until it settles). */
export function firstLookBy(request: RequestRecord): string | null {
  return request.reviewVerdict === null ? request.reviewedBy : null;
}

/** What a review records beyond its verdict: which look it is, when two are required. */
export function reviewDetails(request: RequestRecord): JsonObject {
  if (request.reviewsRequired < SECOND_LOOK) return {};
  return { look: firstLookBy(request) ? 2 : 1, of: request.reviewsRequired };
}

/**
 * Replay of BREAK_GLASS_REVIEWED on `state` (`next` is `state` moved on by the event): a flag
 * settles it; an acknowledgement settles it once it is the last look required, else it is the
 * first look, with no verdict yet. A second look by the first reviewer cannot be replayed.
 */
export function applyReview(
  state: RequestRecord,
  next: RequestRecord,
  event: AuditEventDraft,
): RequestRecord {
  const verdict = z.enum(REVIEW_VERDICTS).safeParse(event.details.verdict);
  if (!verdict.success)
    throw new IntegrityError(`event ${event.id} reviews a break-glass use with no verdict`);
  // A review of a use that broke no glass, or of a settled one, is a RuleBreach (decision-rules.ts).
  const first = firstLookBy(state);
  if (first === event.actor)
    throw new IntegrityError(`event ${event.id} is a second look by the reviewer of the first`);
  const looks = first === null ? 1 : 2;
  const look = event.details.look;
  if (look !== undefined && look !== looks)
    throw new IntegrityError(
      `event ${event.id} says it is look ${String(look)}, but it is look ${looks}`,
    );
  const settles: ReviewVerdict | null =
    verdict.data === "FLAGGED" || looks >= state.reviewsRequired ? verdict.data : null;
  const note = event.details.note;
  return {
    ...next,
    reviewVerdict: settles,
    reviewedBy: event.actor,
    reviewedAt: event.at,
    reviewNote: typeof note === "string" ? note : null,
  };
}
