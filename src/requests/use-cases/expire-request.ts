import { ok } from "../../core/result.ts";
import { SYSTEM_ACTOR } from "../audit-events.ts";
import type { Written } from "../store.ts";
import { changeRequest } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import { notPending, type Outcome } from "./refusals.ts";

/** Expires a pending request now, whatever its schedule says (an operator's decision). */
export function expireRequest(ctx: UseCaseContext, requestId: string): Promise<Outcome<Written>> {
  return changeRequest(ctx, { requestId, actorId: SYSTEM_ACTOR }, "expire", async (request) => {
    if (request.status !== "PENDING") return notPending(ctx.directory, request, "expired");
    return ok({ type: "REQUEST_EXPIRED", toStatus: "EXPIRED", details: { reason: null } });
  });
}
