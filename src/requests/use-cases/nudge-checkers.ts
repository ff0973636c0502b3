import { ok } from "../../core/result.ts";
import type { RequestRecord } from "../types.ts";
import { waitingOn } from "../waiting-on.ts";
import { checkRequest, draftEvent } from "./change-request.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { notPending, notTheMaker, nudgedTooSoon, type Outcome } from "./refusals.ts";

/** A maker may remind the checkers of a request once per this long. */
export const NUDGE_COOLDOWN_MS = 60 * 60_000;

export interface NudgeResult {
  readonly request: RequestRecord;
  /** The checkers who were reminded: those who have not approved yet. */
  readonly waitingOn: readonly string[];
}

/**
 * The maker reminds the checkers who have not decided yet. Recorded in the audit trail; the
 * reminder itself is delivered by the notifier.
 */
export async function nudgeCheckers(
  ctx: UseCaseContext,
  input: DecisionInput,
): Promise<Outcome<NudgeResult>> {
  const allowed = await checkRequest(ctx, input, "nudge", (request) =>
    request.makerId !== input.actorId
      ? notTheMaker(ctx.directory, request, "nudge")
      : request.status !== "PENDING"
        ? notPending(ctx.directory, request, "nudged")
        : null,
  );
  if (!allowed.ok) return allowed;
  const request = allowed.value;
  const events = await ctx.store.eventsOf(request.correlationId);
  const lastNudge = events.findLast(
    (event) => event.requestId === request.id && event.type === "CHECKER_NUDGED",
  );
  if (lastNudge) {
    const allowedAt = new Date(lastNudge.at.getTime() + NUDGE_COOLDOWN_MS);
    const now = ctx.clock.now();
    if (now < allowedAt) return nudgedTooSoon(request, lastNudge.at, allowedAt, now);
  }
  const checkers = waitingOn(request);
  await ctx.store.append(
    {
      ...draftEvent(ctx, request, "CHECKER_NUDGED", input.actorId, request.lastEventId),
      details: { checkers },
    },
    request,
  );
  return ok({ request, waitingOn: checkers });
}
