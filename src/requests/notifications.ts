import type { JsonObject } from "../core/json.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import type { RequestRecord } from "./types.ts";

/**
 * A message to deliver because of a change, written in the same transaction as the change so
 * that a crash or an outage between the two can never lose it. What the payload holds is up to
 * the side that delivers it (for Slack: text and blocks); the core only routes it.
 */
export interface OutboxDraft {
  /** Names the message: a later draft with the same key replaces its content (an edit). */
  readonly key: string;
  readonly requestId: string | null;
  /** A user id (a direct message) or a channel id. */
  readonly recipient: string;
  /** The key of the message this one answers in a thread, or null. */
  readonly threadKey: string | null;
  readonly payload: JsonObject;
  /**
   * For a state that a quick later change may replace (approved, running): when this edits a
   * message already shown, it is sent no sooner than this many ms after the change, so a later
   * draft of the same key written meanwhile replaces it and the reader sees one edit, not two.
   * A first post is never held; a held edit waits in the outbox, so a crash loses nothing.
   */
  readonly holdMs?: number;
}

/** One written change: the request after it, the event that made it, and the request before. */
export interface Change {
  readonly request: RequestRecord;
  readonly event: AuditEventDraft;
  readonly previous: RequestRecord | null;
  /**
   * The request this one resends (its duplicateOfId) as it stands, for "resend of #7, declined:
   * …" on the cards; looked up by the store when there is one.
   */
  readonly original?: RequestRecord | null;
}

/** Decides which messages a change needs. Pure and synchronous: it runs inside the transaction. */
export type Notifier = (change: Change) => readonly OutboxDraft[];

export const noNotifications: Notifier = () => [];
