import type { AuditEvent, AuditEventType } from "../requests/audit-events.ts";
import type { RequestRecord } from "../requests/types.ts";

/** Rows per query: big enough to amortise round trips, small enough that memory stays flat. */
export const DEFAULT_BATCH_SIZE = 1000;

/*
 * What the operator tools (verify, checkpoint, export) read, and nothing they write: they take
 * this port, and the CLI gives them db/prisma-trail-reader.ts. Memory stays flat for millions of
 * rows because everything is read `batchSize` rows at a time.
 */

/** Which events to read; every condition given must hold. */
export interface EventFilter {
  /** Events written at or after this instant. */
  readonly since?: Date;
  /** By request_number rather than the request's id: the events of a deleted request are found too. */
  readonly requestNumber?: number;
  readonly requestIds?: readonly string[];
  readonly type?: AuditEventType;
}

/** The newest event's place in the chain. */
export interface TrailHead {
  readonly seq: number;
  readonly hash: string;
  readonly at: Date;
}

/** An event whose request has no row in the requests table. */
export interface OrphanEvent {
  readonly seq: number;
  readonly type: string;
  readonly requestNumber: number | null;
  readonly requestId: string;
}

/** The sealed trail as the operator tools read it: in order, a page at a time, never all at once. */
export interface EventReader {
  /**
   * The events matching `filter`, in seq order, `batchSize` per query. Every event counts, a
   * forged one with seq 0 or below included.
   */
  events(filter: EventFilter, batchSize: number): AsyncIterable<AuditEvent>;
  /** The events of the requests `ids`, grouped by request, each request's in seq order. */
  eventsOfRequests(ids: readonly string[], batchSize: number): AsyncIterable<AuditEvent>;
  /** The newest event; null while the trail is empty. */
  head(): Promise<TrailHead | null>;
  /** The first REQUEST_CREATED event of a request, or null. */
  creationEvent(requestId: string): Promise<Pick<AuditEvent, "type" | "details"> | null>;
  /** The first event (by seq) of a request whose row is gone, or null. */
  firstOrphan(): Promise<OrphanEvent | null>;
}

/** The requests table, as the replay pass compares it with the trail. */
export interface RequestReader {
  /** Up to `limit` requests numbered above `after` (from the first when undefined), by number. */
  requestsAfter(after: number | undefined, limit: number): Promise<RequestRecord[]>;
  request(id: string): Promise<RequestRecord | null>;
}

export interface TrailReader extends EventReader, RequestReader {
  /**
   * Runs `read` on one consistent snapshot of both tables: what it sees cannot change under it,
   * even while the bot keeps writing.
   */
  inSnapshot<T>(read: (trail: TrailReader) => Promise<T>): Promise<T>;
}
