import type { ActionDefinition } from "../factory/types.ts";
import type { Change } from "../requests/notifications.ts";
import { expiresAt, policyFor, type ScheduleDefaults } from "../requests/schedule.ts";
import type { RequestRecord } from "../requests/types.ts";
import type { ResendOf } from "./views/request-summary.ts";

/** What every card about a request says in its context line, beyond its number. */
export interface CardContext {
  readonly expiresAt?: Date;
  readonly resendOf?: ResendOf;
}

/**
 * When a pending request expires (the action's rule, else EXPIRE_AFTER), and which request it
 * resends and how that one ended: a decline's reason or a failure's error.
 */
export function cardContext(
  change: Change,
  action: ActionDefinition | undefined,
  schedule: ScheduleDefaults,
): CardContext {
  const { request, original } = change;
  const expiry =
    request.status === "PENDING"
      ? expiresAt(request, policyFor(schedule, action, request.environment))
      : undefined;
  return {
    ...(expiry ? { expiresAt: expiry } : {}),
    ...(original ? { resendOf: resendOf(original) } : {}),
  };
}

function resendOf(original: RequestRecord): ResendOf {
  const reason =
    original.status === "FAILED"
      ? original.error
      : original.status === "DECLINED" || original.status === "CANCELLED"
        ? original.decisionReason
        : null;
  return { number: original.number, status: original.status, reason };
}
