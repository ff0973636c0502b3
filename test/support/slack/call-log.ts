/** Recorded Web API calls, and waiting for the app to make one. */
import { EventEmitter } from "node:events";
import { WAIT_MS } from "../patience.ts";

export interface RecordedCall {
  method: string;
  /** Arguments as the app passed them: JSON-valued fields (blocks, view, …) are parsed back. */
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** The error code Slack answered with, when the call did not succeed. */
  failed?: string;
  /** True when the failure came from failNext rather than from the call itself. */
  scripted?: boolean;
  response: Record<string, unknown>;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider calls recorded at or after this index (e.g. `calls.length` before acting). */
  fromIndex?: number;
}

export const DEFAULT_WAIT_MS = WAIT_MS;

function describe(call: RecordedCall): string {
  return call.failed ? `${call.method} (failed: ${call.failed})` : call.method;
}

/** Resolves with the first item, existing or future, that matches; rejects with what was seen. */
export function waitForItem<T>(
  items: readonly T[],
  events: EventEmitter,
  event: string,
  predicate: (item: T) => boolean,
  { timeoutMs = DEFAULT_WAIT_MS, fromIndex = 0 }: WaitOptions,
  explain: (seen: readonly T[]) => string,
): Promise<T> {
  const existing = items.slice(fromIndex).find(predicate);
  if (existing !== undefined) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const onItem = (item: T) => {
      if (!predicate(item)) return;
      clearTimeout(timer);
      events.off(event, onItem);
      resolve(item);
    };
    const timer = setTimeout(() => {
      events.off(event, onItem);
      reject(new Error(`Timed out after ${timeoutMs}ms ${explain(items.slice(fromIndex))}`));
    }, timeoutMs);
    events.on(event, onItem);
  });
}

export class CallLog {
  readonly calls: RecordedCall[] = [];
  /** Many tests wait concurrently; Node's default cap of 10 listeners would warn spuriously. */
  readonly events = new EventEmitter().setMaxListeners(100);

  record(call: RecordedCall): void {
    this.calls.push(call);
    this.events.emit("call", call);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitFor(
    predicate: (call: RecordedCall) => boolean,
    options: WaitOptions = {},
    what = "a matching Web API call",
  ): Promise<RecordedCall> {
    return waitForItem(this.calls, this.events, "call", predicate, options, (seen) => {
      const list = seen.map(describe).join(", ") || "none";
      return `waiting for ${what}. Recorded calls: ${list}`;
    });
  }
}
