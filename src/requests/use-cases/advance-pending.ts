import { ok } from "../../core/result.ts";
import { SYSTEM_ACTOR } from "../audit-events.ts";
import { dueStep, policyFor, type SchedulePolicy } from "../schedule.ts";
import type { RequestRecord } from "../types.ts";
import { waitingOn } from "../waiting-on.ts";
import { changeRequest } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import { notDue } from "./refusals.ts";

/** What the sweep did to a pending request whose time had come. */
export type PendingOutcome =
  | { readonly kind: "reminded" | "escalated" | "expired"; readonly request: RequestRecord }
  /** Nothing was due after all (decided meanwhile, or the settings changed). */
  | { readonly kind: "not-due"; readonly request: RequestRecord | null };

const KINDS = {
  REMINDER_SENT: "reminded",
  REQUEST_ESCALATED: "escalated",
  REQUEST_EXPIRED: "expired",
} as const;

/** The schedule of one request: the defaults with its action's overrides. */
export function policyOf(
  ctx: UseCaseContext,
  request: Pick<RequestRecord, "actionId" | "environment">,
): SchedulePolicy {
  return policyFor(ctx.schedule, ctx.actions.get(request.actionId), request.environment);
}

/**
 * The sweep found a pending request whose time had come: reminds its checkers, escalates it or
 * expires it, whichever is due now. Decided on the stored state and written with
 * compare-and-set, so two sweeps (replicas) never send the same reminder or expire it twice.
 */
export async function advancePending(
  ctx: UseCaseContext,
  requestId: string,
): Promise<PendingOutcome> {
  let settled: RequestRecord | null = null;
  const written = await changeRequest(
    ctx,
    { requestId, actorId: SYSTEM_ACTOR },
    "advance",
    async (request) => {
      settled = request;
      const step =
        request.status === "PENDING"
          ? dueStep(request, policyOf(ctx, request), ctx.clock.now())
          : null;
      if (!step) return notDue("not due");
      switch (step.kind) {
        case "expire":
          return ok({ type: "REQUEST_EXPIRED", toStatus: "EXPIRED", details: { reason: null } });
        case "remind":
          return ok({
            type: "REMINDER_SENT",
            toStatus: "PENDING",
            details: { reminder: step.reminder, checkers: waitingOn(request) },
          });
        case "escalate":
          return ok({
            type: "REQUEST_ESCALATED",
            toStatus: "PENDING",
            details: { to: step.to, recipients: await escalationRecipients(ctx, step.to, request) },
          });
      }
    },
    { auditRefusal: false },
  );
  if (!written.ok) return { kind: "not-due", request: settled };
  const kind = KINDS[written.value.event.type as keyof typeof KINDS];
  return { kind, request: written.value.request };
}

/** A user group is posted to each of its members (but the maker); a user or channel as is. */
async function escalationRecipients(
  ctx: UseCaseContext,
  to: string,
  request: RequestRecord,
): Promise<string[]> {
  if (!ctx.directory.isGroup(to)) return [to];
  const members = await ctx.directory.membersOf(to);
  return members.filter((id) => id !== request.makerId);
}
