import { setMaxListeners } from "node:events";
import { createRequire } from "node:module";
import type pQueue from "p-queue";
import type { Clock } from "../core/clock.ts";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { type Call, callOf, DeliveryLimiter, type DeliveryLimits } from "./delivery-limits.ts";
import type { OutboxMessage, OutboxQueue } from "./outbox-store.ts";

// p-queue 6, the copy @slack/web-api already brings, is CommonJS with its class as `default`;
// required as CommonJS it is the same under Node and under vitest (an ESM import is not).
const PQueue: typeof pQueue.default = createRequire(import.meta.url)("p-queue").default;

export interface SenderOptions {
  readonly store: Pick<OutboxQueue, "defer">;
  readonly clock: Clock;
  readonly logger: Pick<Logger, "error">;
  readonly leaseMs: number;
  readonly concurrency: number;
  readonly limits: DeliveryLimits | undefined;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Sends one message and records what became of it. */
  readonly send: (message: OutboxMessage, call: Call) => Promise<void>;
  /** A message is done with (sent, rescheduled or handed back). */
  readonly onDone: () => void;
}

/**
 * Sends claimed messages side by side, `concurrency` at a time, in order where it matters: a
 * message is never sent twice at once, posts to one channel go one after the other in the order
 * they were claimed, and a reply claimed with its parent waits until the parent is done. Each
 * call first waits for the rate limits; one that would wait past half its lease is handed back
 * to the queue for when it may go (not counted as an attempt), so no lease runs out on it.
 */
export class OutboxSender {
  readonly #o: SenderOptions;
  readonly #queue: InstanceType<typeof PQueue>;
  readonly #limiter: DeliveryLimiter | null;
  /** Messages claimed and not done with, by key: what a reply claimed with its parent waits for. */
  readonly #held = new Map<string, Promise<void>>();
  /** The last post held for each channel: the next post there starts after it. */
  readonly #lanes = new Map<string, Promise<void>>();
  /** Closing: no waiting on a rate limit past this time (the flush's end, or now). */
  #closingAt: number | null = null;
  #waits = waitSignal();

  constructor(options: SenderOptions) {
    this.#o = options;
    this.#queue = new PQueue({ concurrency: options.concurrency });
    this.#limiter = options.limits ? new DeliveryLimiter(options.limits) : null;
  }

  /** How many messages are held (in flight or waiting their turn). */
  get size(): number {
    return this.#held.size;
  }

  /** Holds a claimed message until it is sent (or handed back), in its place in line. */
  hold(message: OutboxMessage, claimedAt: number): Promise<void> {
    // Still held from an earlier claim (its lease ran out meanwhile): that one will send it.
    if (this.#held.has(message.key)) return Promise.resolve();
    const call = callOf(message);
    const after = [
      message.threadKey ? this.#held.get(message.threadKey) : undefined,
      call.operation === "post" ? this.#lanes.get(call.channel) : undefined,
    ];
    const task = this.#send(message, call, claimedAt, after)
      .catch((error) => {
        this.#o.logger.error(
          `outbox: could not record what became of message ${message.key}: ${describeError(error)}`,
          { outboxKey: message.key, request: message.requestNumber },
        );
      })
      .finally(() => {
        if (this.#held.get(message.key) === task) this.#held.delete(message.key);
        if (this.#lanes.get(call.channel) === task) this.#lanes.delete(call.channel);
        this.#o.onDone();
      });
    this.#held.set(message.key, task);
    if (call.operation === "post") this.#lanes.set(call.channel, task);
    return task;
  }

  /** The service said to wait: every call of this kind waits that long, not just this one. */
  pause(call: Call, until: number, now: number): void {
    this.#limiter?.pause(call, until, now);
  }

  /** Stops waiting on rate limits past `at`: what would wait longer goes back to the queue. */
  close(at: number): void {
    this.#closingAt = at;
    // Wakes those waiting now to look again; later waits (a flush's) get a signal of their own.
    this.#waits.abort();
    this.#waits = waitSignal();
  }

  /** Resolves when every message held now is done with. */
  async settled(): Promise<void> {
    await Promise.all(this.#held.values());
  }

  /** Waits on rate limits again (after a close). */
  open(): void {
    this.#closingAt = null;
  }

  async #send(
    message: OutboxMessage,
    call: Call,
    claimedAt: number,
    after: (Promise<void> | undefined)[],
  ): Promise<void> {
    await Promise.all(after);
    if (!(await this.#admit(message, call, claimedAt))) return;
    await this.#queue.add(() => this.#o.send(message, call));
  }

  /**
   * Waits until the rate limits let `call` go, and says so; or hands the message back to the
   * queue for when they will, if that is past half its lease (the other half is for the call
   * itself) or past the end of a shutdown.
   */
  async #admit(message: OutboxMessage, call: Call, claimedAt: number): Promise<boolean> {
    const latestStart = claimedAt + this.#o.leaseMs / 2;
    for (;;) {
      const now = this.#o.clock.now().getTime();
      const wait = this.#limiter ? this.#limiter.acquire(call, now) : 0;
      if (wait === 0 && now <= latestStart) return true;
      if (wait === 0 || now + wait > Math.min(latestStart, this.#closingAt ?? latestStart)) {
        const reason = wait > 0 ? "waiting for the rate limit" : "waited too long for its turn";
        await this.#o.store.defer(message, new Date(now), new Date(now + wait), reason);
        return false;
      }
      await this.#o.sleep(wait, this.#waits.signal);
    }
  }
}

/** What a close aborts to wake every wait; each held message may wait on it, so no cap. */
function waitSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** A timer that a close cuts short. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
