import { ok } from "../../core/result.ts";
import { reviewDetails } from "../break-glass-review.ts";
import { LIMITS } from "../field-limits.ts";
import type { Written } from "../store.ts";
import type { RequestRecord, ReviewVerdict } from "../types.ts";
import { changeRequest, checkRequest } from "./change-request.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { guard } from "./decide-request.ts";
import { flagNoteRequired, type Outcome, reviewRefusal, tooLong } from "./refusals.ts";

export interface ReviewInput extends DecisionInput {
  readonly verdict: ReviewVerdict;
  /** Required to flag: what looks wrong. */
  readonly note?: string | undefined;
}

/**
 * A designated checker reviews a break-glass use after it ran: acknowledges it, or flags it
 * with a note saying what looks wrong. One review settles it.
 */
export async function reviewBreakGlass(
  ctx: UseCaseContext,
  input: ReviewInput,
): Promise<Outcome<Written>> {
  const note = input.note?.trim() || null;
  if (input.verdict === "FLAGGED" && !note) return flagNoteRequired();
  if (note && note.length > LIMITS.reason) return tooLong("note", "The note", LIMITS.reason);
  return changeRequest(ctx, input, "review", async (request) => {
    const refused = await guardReview(ctx, request, input.actorId);
    if (refused) return refused;
    return ok({
      type: "BREAK_GLASS_REVIEWED",
      toStatus: request.status,
      details: { verdict: input.verdict, note, ...reviewDetails(request) },
    });
  });
}

/** Whether `actorId` may review the break-glass use now: asked before showing the flag form. */
export function checkReview(
  ctx: UseCaseContext,
  input: DecisionInput,
): Promise<Outcome<RequestRecord>> {
  return checkRequest(ctx, input, "review", (request) => guardReview(ctx, request, input.actorId));
}

function guardReview(ctx: UseCaseContext, request: RequestRecord, actorId: string) {
  return guard(ctx, request, actorId, "review", (r, actor) =>
    reviewRefusal(ctx.directory, r, actor),
  );
}
