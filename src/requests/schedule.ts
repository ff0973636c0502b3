import type { ActionDefinition } from "../factory/types.ts";
import { ruleFor } from "./rules.ts";
import type { RequestRecord } from "./types.ts";

/** How long a request may wait before its checkers are reminded, and when it gives up. */
export interface ScheduleDefaults {
  readonly staleAfterMs: number;
  /** Automatic reminders before escalation; 0: escalate (or just wait) without reminding. */
  readonly maxReminders: number;
  readonly expireAfterMs: number;
}

/** Reminders, escalation and expiry when neither the settings nor the action say otherwise. */
export const DEFAULT_SCHEDULE: ScheduleDefaults = {
  staleAfterMs: 4 * 60 * 60_000,
  maxReminders: 3,
  expireAfterMs: 7 * 24 * 60 * 60_000,
};

/** The rules for one request: the defaults with its action's overrides. */
export interface SchedulePolicy extends ScheduleDefaults {
  readonly escalateTo: string | null;
}

/** What happens next to a pending request if nobody decides. */
export type PendingStep =
  | { readonly kind: "remind"; readonly reminder: number; readonly at: Date }
  | { readonly kind: "escalate"; readonly to: string; readonly at: Date }
  | { readonly kind: "expire"; readonly at: Date };

/** An approved request not started this long after approval is started by the sweep. */
export const START_GRACE_MS = 60_000;
/**
 * How long a running execution is trusted without a sign of life. The process running it renews
 * the lease every EXECUTION_HEARTBEAT_MS; a lease that ran out means that process is gone.
 */
export const EXECUTION_LEASE_MS = 60_000;
export const EXECUTION_HEARTBEAT_MS = 15_000;

/** The defaults, overridden by the action's settings, overridden by its rule for `environment`. */
export function policyFor(
  defaults: ScheduleDefaults,
  action: ActionDefinition | undefined,
  environment?: string,
): SchedulePolicy {
  const rule = action && environment !== undefined ? ruleFor(action, environment) : action;
  return {
    staleAfterMs: rule?.staleAfterMs ?? defaults.staleAfterMs,
    maxReminders: defaults.maxReminders,
    expireAfterMs: rule?.expireAfterMs ?? defaults.expireAfterMs,
    escalateTo: action?.escalateTo ?? null,
  };
}

/**
 * Reminders come STALE_AFTER apart, counted from creation and then from the last reminder, so a
 * bot that was down sends one reminder when it is back, not every one it missed. Escalation is
 * the step after the last reminder; expiry, counted from creation, overtakes everything.
 */
export function nextPendingStep(request: RequestRecord, policy: SchedulePolicy): PendingStep {
  const expireAt = expiresAt(request, policy);
  const lastPing = request.lastRemindedAt ?? request.createdAt;
  const nextPingAt = new Date(lastPing.getTime() + policy.staleAfterMs);
  let step: PendingStep | null = null;
  if (request.remindersSent < policy.maxReminders) {
    step = { kind: "remind", reminder: request.remindersSent + 1, at: nextPingAt };
  } else if (policy.escalateTo && request.escalatedAt === null) {
    step = { kind: "escalate", to: policy.escalateTo, at: nextPingAt };
  }
  return step && step.at < expireAt ? step : { kind: "expire", at: expireAt };
}

export function expiresAt(request: RequestRecord, policy: SchedulePolicy): Date {
  return new Date(request.createdAt.getTime() + policy.expireAfterMs);
}

/**
 * What the sweep does to a pending request at `now`: the next step if its time has come, null if
 * not yet. Past its expiry a request expires, even if reminders were missed on the way (the bot
 * was down): reminding of a request that is over anyway helps nobody.
 */
export function dueStep(
  request: RequestRecord,
  policy: SchedulePolicy,
  now: Date,
): PendingStep | null {
  const expireAt = expiresAt(request, policy);
  if (expireAt <= now) return { kind: "expire", at: expireAt };
  const step = nextPendingStep(request, policy);
  return step.at <= now ? step : null;
}

/** When the sweep must next look at `request`; null when it never needs to again. */
export function dueAt(request: RequestRecord, policy: SchedulePolicy): Date | null {
  switch (request.status) {
    case "PENDING":
      return nextPendingStep(request, policy).at;
    case "APPROVED":
      return new Date(request.updatedAt.getTime() + START_GRACE_MS);
    case "EXECUTING":
      return new Date(request.updatedAt.getTime() + EXECUTION_LEASE_MS);
    default:
      return null;
  }
}
