import type { AuditEvent } from "../../requests/audit-events.ts";
import type { Checkpoint } from "../checkpoint.ts";

/** How far one sink has delivered the trail, and who delivers it now. */
export interface SinkCursor {
  readonly name: string;
  /** The last seq the receiver acknowledged; 0 before the first event. */
  readonly lastSeq: number;
  /** A signed checkpoint to deliver once `lastSeq` has reached its seq. */
  readonly pendingCheckpoint: Checkpoint | null;
  /** The seq of the last checkpoint delivered. */
  readonly lastCheckpointSeq: number | null;
  readonly leaseHolder: string | null;
  readonly leaseUntil: Date | null;
  /** Failed attempts since the last delivery. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly lastDeliveredAt: Date | null;
}

/**
 * The sinks' cursors. A replica delivers a sink only while it holds the sink's lease, and moves
 * its cursor only by compare-and-set, each in a transaction of its own, after the receiver
 * acknowledged: a replica that lost the lease meanwhile moves nothing.
 */
export interface SinkCursorStore {
  /**
   * Takes or renews the lease of sink `name` for `holder` until `until` (creating its cursor at
   * 0); null while another holder's lease runs.
   */
  lease(name: string, holder: string, now: Date, until: Date): Promise<SinkCursor | null>;
  /** Moves the cursor from `from` to `to` if it is still at `from` and `holder` holds the lease. */
  advance(name: string, holder: string, from: number, to: number, at: Date): Promise<boolean>;
  /** Counts a failed attempt (while `holder` holds the lease). */
  recordFailure(name: string, holder: string, error: string, at: Date): Promise<void>;
  /**
   * Clears the pending checkpoint if it is still `checkpoint` (a newer one written meanwhile is
   * kept) and remembers its seq.
   */
  checkpointDelivered(
    name: string,
    holder: string,
    checkpoint: Checkpoint,
    at: Date,
  ): Promise<boolean>;
  /**
   * Makes `checkpoint` the pending checkpoint of each sink of `names` (creating cursors), unless
   * it already has it, a newer one, or delivered one of the same seq. Returns how many took it.
   */
  offerCheckpoint(names: readonly string[], checkpoint: Checkpoint): Promise<number>;
  /** Gives the lease up at once (on shutdown), so another replica need not wait for it to lapse. */
  release(name: string, holder: string): Promise<void>;
  list(): Promise<SinkCursor[]>;
}

/** What the sinks read of the trail. */
export interface SinkEvents {
  /** Up to `limit` events with seq above `after`, in seq order. */
  after(after: number, limit: number): Promise<AuditEvent[]>;
  /** The newest event's seq; 0 while the trail is empty. */
  headSeq(): Promise<number>;
}
