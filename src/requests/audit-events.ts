import type { JsonObject } from "../core/json.ts";
import type { RequestStatus } from "./status.ts";

export const AUDIT_EVENT_TYPES = [
  "REQUEST_CREATED",
  "APPROVAL_RECORDED",
  "REQUEST_APPROVED",
  "REQUEST_DECLINED",
  "REQUEST_CANCELLED",
  "REQUEST_EXPIRED",
  "EXECUTION_STARTED",
  "REQUEST_FINISHED",
  "REQUEST_FAILED",
  /** Someone tried something the rules forbid; nothing changed. */
  "ATTEMPT_REFUSED",
  /** The maker reminded the checkers; nothing changed. */
  "CHECKER_NUDGED",
  /** The bot reminded the checkers of a request that waited too long. */
  "REMINDER_SENT",
  /** The bot posted a request nobody decided to `escalate_to`. */
  "REQUEST_ESCALATED",
  /** The process running it stopped; another one runs it again (an idempotent action). */
  "EXECUTION_RESUMED",
  /** The maker ran it without a checker, in an emergency, with a reason (`break_glass`). */
  "BREAK_GLASS_USED",
  /** A designated checker reviewed a break-glass use after the fact: acknowledged or flagged. */
  "BREAK_GLASS_REVIEWED",
  /** A checker is away: their part in a pending request moved to their delegate. */
  "CHECKER_REROUTED",
  /** A checker set a delegate for a period (no request: about a person). */
  "DELEGATION_SET",
  /** A delegation was ended early by its checker. */
  "DELEGATION_ENDED",
  /**
   * An operator put a message Slack had refused back in the queue (`audit -- outbox --retry`);
   * nothing about the request changed.
   */
  "OUTBOX_REDRIVEN",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Events that record something about a request without changing it. */
const NOTE_EVENT_TYPES: readonly AuditEventType[] = [
  "ATTEMPT_REFUSED",
  "CHECKER_NUDGED",
  "OUTBOX_REDRIVEN",
];

export function isNoteEvent(type: AuditEventType): boolean {
  return NOTE_EVENT_TYPES.includes(type);
}

/**
 * Events that add to a request's record without moving it: allowed in any status, closed ones
 * included (a break-glass use is reviewed after it ran).
 */
const ANNOTATION_EVENT_TYPES: readonly AuditEventType[] = ["BREAK_GLASS_REVIEWED"];

export function isAnnotationEvent(type: AuditEventType): boolean {
  return ANNOTATION_EVENT_TYPES.includes(type);
}

export const SYSTEM_ACTOR = "system";

/** An event as the core describes it, before the store numbers and seals it. */
export interface AuditEventDraft {
  readonly id: string;
  readonly type: AuditEventType;
  readonly requestId: string | null;
  readonly requestNumber: number | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** A Slack user id, or "system". */
  readonly actor: string;
  readonly fromStatus: RequestStatus | null;
  readonly toStatus: RequestStatus | null;
  readonly at: Date;
  readonly details: JsonObject;
}

/** An event as stored: numbered, chained to the one before and sealed with the audit key. */
export interface AuditEvent extends AuditEventDraft {
  readonly seq: number;
  readonly keyId: string;
  readonly prevHash: string;
  readonly hash: string;
}
