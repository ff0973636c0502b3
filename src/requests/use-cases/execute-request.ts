import { describeError } from "../../core/errors.ts";
import { ok } from "../../core/result.ts";
import type { ExecutionOutcome } from "../../factory/types.ts";
import { SYSTEM_ACTOR } from "../audit-events.ts";
import { recordOutcome } from "../record-outcome.ts";
import { EXECUTION_HEARTBEAT_MS, EXECUTION_LEASE_MS } from "../schedule.ts";
import { trailRefusal } from "../sealed-request.ts";
import { asOutcome } from "../storable-outcome.ts";
import type { Written } from "../store.ts";
import type { RequestRecord } from "../types.ts";
import { changeRequest, draftEvent } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import { notPending, type Outcome } from "./refusals.ts";

/**
 * Runs an APPROVED request through its executor: APPROVED → EXECUTING → FINISHED | FAILED.
 * The first step is a compare-and-set too, so however many callers race here, one runs it.
 */
export async function executeRequest(
  ctx: UseCaseContext,
  requestId: string,
): Promise<Outcome<RequestRecord>> {
  const started = await changeRequest(
    ctx,
    { requestId, actorId: SYSTEM_ACTOR },
    "execute",
    async (request) => {
      if (request.status !== "APPROVED") return notPending(ctx.directory, request, "run");
      // Approved in the row is not enough: its trail must say so too.
      const untrusted = await trailRefusal(ctx.store, request, "run");
      if (untrusted) return untrusted;
      return ok({ type: "EXECUTION_STARTED", toStatus: "EXECUTING", details: {} });
    },
    { auditRefusal: false, lease: ctx.lease },
  );
  if (!started.ok) return started;
  return runExecution(ctx, started.value);
}

/**
 * Runs the executor of a request this caller just moved to EXECUTING, keeping its lease alive
 * meanwhile, and records the outcome. Stopped by shutdown, it leaves the request EXECUTING and
 * due at once, for the next process to resume.
 */
export async function runExecution(
  ctx: UseCaseContext,
  { request, event }: Written,
): Promise<Outcome<RequestRecord>> {
  const { store, clock, lease } = ctx;
  const renew = () =>
    store.renewLease(request.id, lease, new Date(clock.now().getTime() + EXECUTION_LEASE_MS));
  const heartbeat = setInterval(() => void renew().catch(() => undefined), EXECUTION_HEARTBEAT_MS);
  heartbeat.unref();
  let outcome: ExecutionOutcome;
  try {
    outcome = await runExecutor(ctx, request);
  } finally {
    clearInterval(heartbeat);
  }
  if (!outcome.ok && ctx.shutdown.signal.aborted) {
    await store.renewLease(request.id, lease, clock.now());
    return ok(request);
  }
  const finished = await recordOutcome({
    store,
    request,
    lease,
    outcome,
    draft: (current, change) => ({
      ...draftEvent(ctx, current, change.type, SYSTEM_ACTOR, event.id),
      ...change,
    }),
  });
  return ok(finished.request);
}

async function runExecutor(ctx: UseCaseContext, request: RequestRecord): Promise<ExecutionOutcome> {
  const action = ctx.actions.get(request.actionId);
  if (!action) {
    return { ok: false, error: `The action "${request.actionId}" is no longer configured.` };
  }
  try {
    const outcome: unknown = await action.execute({
      request: {
        id: request.id,
        number: request.number,
        actionId: request.actionId,
        environment: request.environment,
        team: request.team,
        params: request.params,
        purpose: request.purpose,
        makerId: request.makerId,
        checkerIds: request.checkerIds,
        approvedBy: request.approvedBy,
        approvedAt: request.decidedAt ?? ctx.clock.now(),
      },
      signal: ctx.shutdown.signal,
      fetch: ctx.fetch,
      clock: ctx.clock,
    });
    return asOutcome(outcome);
  } catch (error) {
    return { ok: false, error: `The action failed: ${describeError(error)}` };
  }
}
