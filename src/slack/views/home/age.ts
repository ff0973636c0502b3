import type { RequestRecord } from "../../../requests/types.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Older than this, the date says more than "45 d ago". */
const DATE_AFTER = 30 * DAY;

/**
 * How long ago `at` was, as of `now`: "just now", "5 min ago", "3 h ago", "2 d ago", then the
 * date ("2026-01-05", UTC) beyond 30 days. A time in the future (clock skew) is "just now".
 */
export function formatAge(at: Date, now: Date): string {
  const elapsed = now.getTime() - at.getTime();
  // NaN (an invalid date) fails every comparison and lands here too.
  if (!(elapsed >= MINUTE)) return "just now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed <= DATE_AFTER) return `${Math.floor(elapsed / DAY)} d ago`;
  return at.toISOString().slice(0, 10);
}

/** When the request reached its current status (for PENDING: when it was asked for). */
export function statusSince(request: RequestRecord): Date {
  switch (request.status) {
    case "PENDING":
      return request.createdAt;
    case "EXECUTING":
      return request.executionStartedAt ?? request.updatedAt;
    case "FINISHED":
    case "FAILED":
      return request.executedAt ?? request.updatedAt;
    default:
      return request.decidedAt ?? request.updatedAt;
  }
}
