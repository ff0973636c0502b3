/**
 * The load benchmarks run the app under test in a child process of its own, so the load
 * generator's CPU and memory are not counted as the app's. The parent asks it questions over
 * Node's IPC channel: a request `{ id, call }`, an answer `{ id, result }` or `{ id, error }`.
 */
import type { ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface ProcessSample {
  readonly rss: number;
  readonly heapUsed: number;
  /** The process's peak resident set so far. */
  readonly maxRss: number;
  /** CPU time used so far, user and system: busy time over a run says whether it was CPU-bound. */
  readonly cpuMs: number;
  /**
   * The event loop's delay since the previous sample (p99, ms): how long a request that just
   * arrived waited for the process to get to it.
   */
  readonly loopDelayP99: number;
}

/** Sent once the app answers on `port`; `bootMs` is its own start-up, without Node's. */
export interface Ready {
  readonly type: "ready";
  readonly port: number;
  readonly bootMs: number;
}

interface Request {
  readonly id: number;
  readonly call: string;
}

type Answer =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string };

/**
 * In the child: answers the parent's calls with `handlers`, and `sample` with this process's
 * measurements, after telling the parent the app is ready.
 */
export function serve(
  ready: Omit<Ready, "type">,
  handlers: Record<string, () => Promise<unknown>>,
) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const sample = async (): Promise<ProcessSample> => {
    const { rss, heapUsed } = process.memoryUsage();
    const usage = process.resourceUsage();
    const loopDelayP99 = delay.percentile(99) / 1e6;
    delay.reset();
    return {
      rss,
      heapUsed,
      maxRss: usage.maxRSS * 1024,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      loopDelayP99,
    };
  };
  const calls: Record<string, () => Promise<unknown>> = { ...handlers, sample };
  process.on("message", (message: Request) => {
    const handler = calls[message.call];
    const answer = handler
      ? handler().then(
          (result): Answer => ({ id: message.id, result }),
          (error: unknown): Answer => ({ id: message.id, error: String(error) }),
        )
      : Promise.resolve<Answer>({ id: message.id, error: `no call ${message.call}` });
    void answer.then((reply) => process.send?.(reply));
  });
  // The parent disconnects once it has stopped the app. The explicit exit is because a closed
  // PGlite keeps a timer running for a while (see runMain in src/start.ts).
  process.on("disconnect", () => process.exit(0));
  process.send?.({ type: "ready", ...ready } satisfies Ready);
}

/** In the parent: calls into the child; rejects when it answers with an error or exits. */
export function caller(child: ChildProcess) {
  let next = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on("message", (message: Answer | Ready) => {
    if (!("id" in message)) return;
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if ("error" in message) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });
  child.on("exit", (code) => {
    for (const call of waiting.values()) call.reject(new Error(`the app exited (${code})`));
    waiting.clear();
  });
  return <T>(call: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, call } satisfies Request);
    });
}
