import type { JsonObject } from "../core/json.ts";
import type { OutboxDraft } from "../requests/notifications.ts";

export type OutboxStatus = "PENDING" | "SENT" | "DEAD";

/** One message of the outbox as the dispatcher sees it. */
export interface OutboxMessage {
  readonly key: string;
  readonly requestId: string | null;
  /** The request's number and correlation id, for log lines about the message. */
  readonly requestNumber: number | null;
  readonly correlationId: string | null;
  readonly recipient: string;
  readonly threadKey: string | null;
  readonly payload: JsonObject;
  readonly revision: number;
  readonly sentRevision: number;
  readonly channel: string | null;
  readonly ts: string | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Where Slack shows a message; or `not-yet` (queued, or being retried, or not even queued yet);
 * or `never` (given up on before Slack ever showed it).
 */
export type Whereabouts = { readonly channel: string; readonly ts: string } | "not-yet" | "never";

export type DeadMessage = Pick<
  OutboxMessage,
  "key" | "recipient" | "ts" | "lastError" | "attempts"
>;

/**
 * What the dispatcher works the outbox with. Claims are leased, so several replicas can dispatch
 * side by side without sending a message twice or waiting on each other.
 */
export interface OutboxQueue {
  /** Leases up to `limit` due messages for `leaseMs`, oldest first. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Where Slack shows a message: needed to thread replies under it. */
  locate(key: string): Promise<Whereabouts>;
  /**
   * Records a delivery of `revision`. If the content changed meanwhile, the message stays PENDING
   * so the newer content is sent as an edit.
   */
  markSent(message: OutboxMessage, at: Date, where: { channel: string; ts: string }): Promise<void>;
  /** Schedules another attempt; a newer revision written meanwhile keeps its own schedule. */
  markRetry(message: OutboxMessage, at: Date, nextAttemptAt: Date, error: string): Promise<void>;
  /** Waits for something else (a thread's parent) without counting an attempt. */
  defer(message: OutboxMessage, at: Date, nextAttemptAt: Date, reason: string): Promise<void>;
  markDead(message: OutboxMessage, at: Date, error: string): Promise<void>;
  /** Forgets where a message was, so the next attempt posts it anew (it was deleted in Slack). */
  forgetLocation(message: OutboxMessage): Promise<void>;
}

/** The outbox as a whole: the dispatcher's queue, plus what delivery trouble and operators need. */
export interface OutboxStore extends OutboxQueue {
  /** Queues a one-off message unless one with this key exists. */
  enqueue(draft: OutboxDraft, at: Date): Promise<void>;
  /**
   * Sends a message again with its current content, as an edit when it was posted: something it
   * shows besides its content changed (who could be reached). A dead one stays dead.
   */
  touch(key: string, at: Date): Promise<boolean>;
  /** The messages about a request that were given up on, with why. */
  deadOf(requestId: string): Promise<DeadMessage[]>;
  /** Whether a message with this key was ever queued. */
  exists(key: string): Promise<boolean>;
  /** Messages for the operator: by status, newest first. */
  list(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxMessage[]>;
  counts(): Promise<Record<OutboxStatus, number>>;
}
