import { LIMITS } from "../field-limits.ts";
import type { Written } from "../store.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { decideRequest } from "./decide-request.ts";
import { declineReasonRequired, type Outcome, tooLong } from "./refusals.ts";

/** A checker declines, saying why: the maker reads it. */
export async function declineRequest(
  ctx: UseCaseContext,
  input: DecisionInput & { readonly reason: string },
): Promise<Outcome<Written>> {
  const reason = input.reason.trim();
  if (!reason) return declineReasonRequired();
  if (reason.length > LIMITS.reason) return tooLong("reason", "The reason", LIMITS.reason);
  return decideRequest(ctx, input, "decline", () => ({
    type: "REQUEST_DECLINED",
    toStatus: "DECLINED",
    details: { reason },
  }));
}
