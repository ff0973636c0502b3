import { ok } from "../../core/result.ts";
import type { Written } from "../store.ts";
import { changeRequest } from "./change-request.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { notPending, notTheMaker, type Outcome } from "./refusals.ts";

/** The maker withdraws a request nobody has decided on yet. */
export function cancelRequest(
  ctx: UseCaseContext,
  input: DecisionInput & { readonly reason?: string | undefined },
): Promise<Outcome<Written>> {
  const reason = input.reason?.trim() || null;
  return changeRequest(ctx, input, "cancel", async (request) => {
    if (request.makerId !== input.actorId) return notTheMaker(ctx.directory, request, "cancel");
    if (request.status !== "PENDING") return notPending(ctx.directory, request, "cancelled");
    return ok({ type: "REQUEST_CANCELLED", toStatus: "CANCELLED", details: { reason } });
  });
}
