/**
 * The load generator: `clients` simulated people, each sending its next request as soon as the
 * previous one was answered (no think time), until the list of operations is used up.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface Op<K extends string> {
  readonly kind: K;
  /** Sends one request; `ms` is from sending it to its answer, and nothing else. */
  run(): Promise<{ readonly ms: number; readonly ok: boolean; readonly detail?: string }>;
}

export interface Sample<K extends string> {
  readonly kind: K;
  readonly ms: number;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface LoadResult<K extends string> {
  readonly samples: readonly Sample<K>[];
  readonly wallMs: number;
  /**
   * The generator's own event-loop delay (p99, ms): when it is high, part of the latency measured
   * is the generator (and the stand-in it hosts) being busy, not the app.
   */
  readonly generatorDelayP99: number;
}

export async function closedLoop<K extends string>(
  ops: readonly Op<K>[],
  clients: number,
): Promise<LoadResult<K>> {
  const samples: Sample<K>[] = [];
  let next = 0;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const client = async () => {
    for (let op = ops[next++]; op; op = ops[next++]) {
      const sent = performance.now();
      try {
        samples.push({ kind: op.kind, ...(await op.run()) });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        samples.push({ kind: op.kind, ms: performance.now() - sent, ok: false, detail });
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const wallMs = performance.now() - started;
  delay.disable();
  return { samples, wallMs, generatorDelayP99: delay.percentile(99) / 1e6 };
}

/** Runs `work` on every item, at most `limit` at a time: for setting up, not for measuring. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Polls `condition` until it holds or `timeoutMs` passes; says which. */
export async function until(
  condition: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
