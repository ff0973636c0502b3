import type { RequestStatus } from "./status.ts";

const STATUS_LABELS: Record<RequestStatus, string> = {
  PENDING: "pending",
  APPROVED: "approved",
  EXECUTING: "running",
  FINISHED: "finished",
  FAILED: "failed",
  DECLINED: "declined",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
};

/** A status as a word in a sentence: "running", "declined". */
export function label(status: RequestStatus): string {
  return STATUS_LABELS[status];
}
