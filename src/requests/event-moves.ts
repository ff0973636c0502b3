import { type AuditEventType, SYSTEM_ACTOR } from "./audit-events.ts";
import type { RequestStatus } from "./status.ts";
import type { RequestRecord } from "./types.ts";

type Move = readonly [from: RequestStatus, to: RequestStatus];

/**
 * The only moves each event type may make. The lifecycle (status.ts) says which moves exist; this
 * says which event may make them, so a sealed REQUEST_DECLINED that moves a request to APPROVED,
 * or a cancel that approves, is a breach even though PENDING → APPROVED is a legal move.
 * Notes (refused attempts, nudges, redrives) and annotations (reviews) are checked elsewhere.
 */
const MOVES: Partial<Record<AuditEventType, readonly Move[]>> = {
  APPROVAL_RECORDED: [["PENDING", "PENDING"]],
  REQUEST_APPROVED: [["PENDING", "APPROVED"]],
  BREAK_GLASS_USED: [["PENDING", "APPROVED"]],
  REQUEST_DECLINED: [["PENDING", "DECLINED"]],
  REQUEST_CANCELLED: [["PENDING", "CANCELLED"]],
  REQUEST_EXPIRED: [["PENDING", "EXPIRED"]],
  REMINDER_SENT: [["PENDING", "PENDING"]],
  REQUEST_ESCALATED: [["PENDING", "PENDING"]],
  CHECKER_REROUTED: [["PENDING", "PENDING"]],
  EXECUTION_STARTED: [["APPROVED", "EXECUTING"]],
  EXECUTION_RESUMED: [["EXECUTING", "EXECUTING"]],
  REQUEST_FINISHED: [["EXECUTING", "FINISHED"]],
  REQUEST_FAILED: [["EXECUTING", "FAILED"]],
};

/** Who may write each event: the maker, or the bot itself (never a person posing as it). */
const WRITERS: Partial<Record<AuditEventType, "maker" | "system">> = {
  BREAK_GLASS_USED: "maker",
  REQUEST_CANCELLED: "maker",
  REQUEST_EXPIRED: "system",
  REMINDER_SENT: "system",
  REQUEST_ESCALATED: "system",
  EXECUTION_STARTED: "system",
  EXECUTION_RESUMED: "system",
  REQUEST_FINISHED: "system",
  REQUEST_FAILED: "system",
};

interface MovingEvent {
  readonly type: AuditEventType;
  readonly actor: string;
  readonly toStatus: RequestStatus | null;
}

/** Why `event` may not follow `state` by its type, its move or its writer; null when it may. */
export function moveProblem(state: RequestRecord, event: MovingEvent): string | null {
  const moves = Object.hasOwn(MOVES, event.type) ? MOVES[event.type] : undefined;
  if (moves && !moves.some(([from, to]) => from === state.status && to === event.toStatus)) {
    const allowed = moves.map(([from, to]) => `${from} → ${to}`).join(" or ");
    return `it is a ${event.type}, which moves a request ${allowed}, but it moves it ${state.status} → ${String(event.toStatus)}`;
  }
  const writer = Object.hasOwn(WRITERS, event.type) ? WRITERS[event.type] : undefined;
  if (writer === "maker" && event.actor !== state.makerId) {
    return `it is a ${event.type} written by ${event.actor}, but only its maker (${state.makerId}) can do that`;
  }
  if (writer === "system" && event.actor !== SYSTEM_ACTOR) {
    return `it is a ${event.type} written by ${event.actor}, but only the bot itself writes those`;
  }
  return null;
}
