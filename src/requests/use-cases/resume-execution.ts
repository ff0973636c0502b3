import { ok } from "../../core/result.ts";
import { SYSTEM_ACTOR } from "../audit-events.ts";
import { resumeStep } from "../resume-policy.ts";
import { trailRefusal } from "../sealed-request.ts";
import type { RequestRecord } from "../types.ts";
import { changeRequest } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import { runExecution } from "./execute-request.ts";
import { notPending, type Outcome, resumedElsewhere } from "./refusals.ts";

/**
 * The caller claimed a request EXECUTING whose process is gone (its lease ran out, or it was an
 * earlier run of this process). An idempotent action runs again (a webhook with the same
 * Idempotency-Key), at most MAX_RESUMES times; any other is marked FAILED rather than risk
 * doing it twice (see resume-policy.ts). With `found`, the request as the caller claimed it:
 * once it changed (another process resumed it first), it is not resumed again.
 */
export async function resumeExecution(
  ctx: UseCaseContext,
  requestId: string,
  found?: Pick<RequestRecord, "version">,
): Promise<Outcome<RequestRecord>> {
  const resumed = await changeRequest(
    ctx,
    { requestId, actorId: SYSTEM_ACTOR },
    "resume",
    async (request) => {
      if (request.status !== "EXECUTING") return notPending(ctx.directory, request, "resumed");
      if (found && request.version !== found.version) return resumedElsewhere(request);
      // One read of the trail serves both the check and the count of earlier resumes.
      const events = await ctx.store.eventsOf(request.correlationId);
      const untrusted = await trailRefusal(ctx.store, request, "resumed", events);
      if (untrusted) return untrusted;
      return ok(resumeStep(request, ctx.actions.get(request.actionId), events));
    },
    { auditRefusal: false, lease: ctx.lease },
  );
  if (!resumed.ok) return resumed;
  if (resumed.value.request.status !== "EXECUTING") return ok(resumed.value.request);
  return runExecution(ctx, resumed.value);
}
