export const REQUEST_STATUSES = [
  "PENDING",
  "APPROVED",
  "EXECUTING",
  "FINISHED",
  "FAILED",
  "DECLINED",
  "CANCELLED",
  "EXPIRED",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Every transition the lifecycle allows; anything else is a bug or a race, never a user path. */
const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  PENDING: ["PENDING", "APPROVED", "DECLINED", "CANCELLED", "EXPIRED"],
  APPROVED: ["EXECUTING"],
  // EXECUTING → EXECUTING: resumed by another process after the first one stopped.
  EXECUTING: ["EXECUTING", "FINISHED", "FAILED"],
  FINISHED: [],
  FAILED: [],
  DECLINED: [],
  CANCELLED: [],
  EXPIRED: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Closed requests never change again. */
export function isClosed(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Statuses a request can be duplicated from: it ended without running successfully. */
export const DUPLICABLE_STATUSES: readonly RequestStatus[] = [
  "DECLINED",
  "FAILED",
  "CANCELLED",
  "EXPIRED",
];
