import type { RequestStatus } from "./status.ts";

/**
 * The one vocabulary for where a request stands, used by every screen, the timeline, the audit
 * channel line and the README: a request is approved or declined by a checker, then runs and is
 * done or fails.
 */
const STATUS_WORDS: Record<RequestStatus, string> = {
  PENDING: "Pending",
  APPROVED: "Approved",
  EXECUTING: "Running",
  FINISHED: "Done",
  FAILED: "Failed",
  DECLINED: "Declined",
  CANCELLED: "Cancelled",
  EXPIRED: "Expired",
};

/** A status as a word that starts a line: "Running", "Done". */
export function statusWord(status: RequestStatus): string {
  return STATUS_WORDS[status];
}

/** A status as a word in a sentence: "running", "declined". */
export function label(status: RequestStatus): string {
  return STATUS_WORDS[status].toLowerCase();
}
