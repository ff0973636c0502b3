/**
 * Lines for a sink to deliver, in chain order: a run of events (`first`..`last` by seq), or one
 * signed checkpoint (`first` = `last` = the seq it covers).
 */
export interface SinkBatch {
  readonly kind: "events" | "checkpoint";
  readonly first: number;
  readonly last: number;
  /** The seq of each line (the checkpoint's for a checkpoint). */
  readonly seqs: readonly number[];
  /** Each one line of canonical JSON, without its newline: see lines.ts. */
  readonly lines: readonly string[];
}

/**
 * An external store the trail is copied to (an HTTP collector, a directory, NATS JetStream).
 * Delivery is at least once: a batch may arrive again after a failure or a restart, and receivers
 * drop the seqs they already have.
 */
export interface AuditSink {
  /** Names the sink's cursor in the database ("http", "file", "nats"). */
  readonly name: string;
  /** Events per batch. */
  readonly batchSize: number;
  /** Resolves once the receiver has acknowledged every line; rejects otherwise. */
  deliver(batch: SinkBatch): Promise<void>;
  /** Connects (or checks the way) without delivering anything: for the doctor. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** A receiver that did not take a batch (refused it, timed out, was not there). */
export class SinkFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SinkFailure";
  }
}
