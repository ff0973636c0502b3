import type { Clock } from "../../core/clock.ts";
import { describeError } from "../../core/errors.ts";
import type { SinkCursorStore, SinkEvents } from "./cursor-store.ts";
import { checkpointLine, eventLine } from "./lines.ts";
import type { AuditSink, SinkBatch } from "./sink.ts";

/** What a sink's progress is reported to: the metrics. */
export interface SinkObserver {
  delivered(sink: string, events: number): void;
  failed(sink: string): void;
  /** Events written but not yet delivered to `sink`. */
  lag(sink: string, events: number): void;
}

export const noObserver: SinkObserver = { delivered: () => {}, failed: () => {}, lag: () => {} };

export interface StepDeps {
  readonly sink: AuditSink;
  readonly cursors: SinkCursorStore;
  readonly events: SinkEvents;
  /** This replica, as the lease names it. */
  readonly holder: string;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly observer: SinkObserver;
}

/**
 * What one step did: delivered a batch (`more`: a full one, so more may be waiting), found
 * nothing to deliver, found the lease held by another replica, failed to deliver (`error`), or
 * lost the compare-and-set (another replica moved the cursor).
 */
export type StepResult =
  | { readonly kind: "delivered" | "more" | "idle" | "busy" | "lost" }
  | { readonly kind: "failed"; readonly error: string };

/**
 * One step of a sink's delivery: take the lease, send the pending checkpoint if the cursor has
 * reached it, else the next batch of events after the cursor; then, the receiver having
 * acknowledged, move the cursor by compare-and-set.
 */
export async function deliverStep(deps: StepDeps): Promise<StepResult> {
  const { sink, cursors, holder, clock } = deps;
  const now = clock.now();
  const cursor = await cursors.lease(
    sink.name,
    holder,
    now,
    new Date(now.getTime() + deps.leaseMs),
  );
  if (!cursor) return { kind: "busy" };
  const checkpoint = cursor.pendingCheckpoint;
  if (checkpoint && cursor.lastSeq >= checkpoint.seq) {
    const batch: SinkBatch = {
      kind: "checkpoint",
      first: checkpoint.seq,
      last: checkpoint.seq,
      seqs: [checkpoint.seq],
      lines: [checkpointLine(checkpoint)],
    };
    const failure = await send(deps, batch);
    if (failure) return failure;
    const cleared = await cursors.checkpointDelivered(sink.name, holder, checkpoint, clock.now());
    return { kind: cleared ? "delivered" : "lost" };
  }
  // A batch stops at a pending checkpoint's seq, so the checkpoint comes right after its events.
  const limit =
    checkpoint && checkpoint.seq > cursor.lastSeq
      ? Math.min(sink.batchSize, checkpoint.seq - cursor.lastSeq)
      : sink.batchSize;
  const events = await deps.events.after(cursor.lastSeq, limit);
  const last = events.at(-1);
  if (last === undefined) {
    deps.observer.lag(sink.name, Math.max(0, (await deps.events.headSeq()) - cursor.lastSeq));
    return { kind: "idle" };
  }
  const batch: SinkBatch = {
    kind: "events",
    first: events[0]?.seq ?? last.seq,
    last: last.seq,
    seqs: events.map((event) => event.seq),
    lines: events.map(eventLine),
  };
  const failure = await send(deps, batch);
  if (failure) return failure;
  if (!(await cursors.advance(sink.name, holder, cursor.lastSeq, last.seq, clock.now()))) {
    return { kind: "lost" };
  }
  deps.observer.delivered(sink.name, events.length);
  const full = events.length >= limit;
  if (!full) deps.observer.lag(sink.name, Math.max(0, (await deps.events.headSeq()) - last.seq));
  return { kind: full ? "more" : "delivered" };
}

async function send(deps: StepDeps, batch: SinkBatch): Promise<StepResult | null> {
  try {
    await deps.sink.deliver(batch);
    return null;
  } catch (error) {
    const message = describeError(error).slice(0, 1000);
    deps.observer.failed(deps.sink.name);
    await deps.cursors.recordFailure(deps.sink.name, deps.holder, message, deps.clock.now());
    return { kind: "failed", error: message };
  }
}
