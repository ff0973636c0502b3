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

/**
 * Elapsed time for rate limits and leases: a monotonic clock, not the app's clock (which tests
 * stop or move by hours). `sleep` ends early when `signal` aborts (on stop).
 */
export interface Timer {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface SenderOptions {
  readonly store: Pick<OutboxQueue, "defer" | "locate">;
  readonly clock: Clock;
  readonly logger: Pick<Logger, "error">;
  readonly leaseMs: number;
  readonly concurrency: number;
  readonly limits: DeliveryLimits | undefined;
  readonly timer: Timer;
  /** Sends one message and records what became of it. */
  readonly send: (message: OutboxMessage, call: Call) => Promise<void>;
  /** A message is done with (sent, rescheduled or handed back). */
  readonly onDone: () => void;
}

/** Posts held in one channel's line at most, when the channel has a rate limit. */
const LANE_DEPTH = 4;

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
  /** The revision each held message carries. */
  readonly #revisions = new Map<string, number>();
  /** Newer revisions claimed while an earlier one was held: sent once it is done. */
  readonly #again = new Map<string, OutboxMessage>();
  /** The last post held for each channel: the next post there starts after it. */
  readonly #lanes = new Map<string, Promise<void>>();
  /** How many posts are held for each channel. */
  readonly #depth = new Map<string, number>();
  /**
   * Posts to a channel handed back: due again `until`, the oldest of them written at `since`.
   * Posts written after it go back with them rather than overtake them.
   */
  readonly #handedBack = new Map<string, { until: number; since: number }>();
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
  hold(message: OutboxMessage): Promise<void> {
    const claimedAt = this.#o.timer.now();
    // Claimed again while an earlier claim is still held. A lease that ran out: the earlier
    // claim sends it. A newer revision written meanwhile (recording the earlier send made it due
    // at once): dropping it would lock the newer content away for a whole lease, and sending it
    // beside the earlier one could post twice; it goes once the earlier is done, as an edit.
    if (this.#held.has(message.key)) {
      if (message.revision > (this.#revisions.get(message.key) ?? Number.POSITIVE_INFINITY)) {
        this.#again.set(message.key, message);
      }
      return Promise.resolve();
    }
    const call = callOf(message);
    const lane = call.operation === "post" ? this.#lanes.get(call.channel) : undefined;
    const after = [message.threadKey ? this.#held.get(message.threadKey) : undefined, lane];
    const backUntil = this.#backUntil(message, call, claimedAt);
    const inLine = backUntil === null && call.operation === "post";
    const task = (
      backUntil === null
        ? this.#send(message, call, claimedAt, after)
        : this.#handBack(message, call, backUntil - claimedAt, "waiting for the rate limit")
    )
      .catch((error) => {
        this.#o.logger.error(
          `outbox: could not record what became of message ${message.key}: ${describeError(error)}`,
          { outboxKey: message.key, request: message.requestNumber },
        );
      })
      .finally(() => {
        if (this.#held.get(message.key) === task) {
          this.#held.delete(message.key);
          this.#revisions.delete(message.key);
          this.#sendAgain(message.key);
        }
        if (this.#lanes.get(call.channel) === task) this.#lanes.delete(call.channel);
        if (inLine) this.#countInLine(call.channel, -1);
        this.#o.onDone();
      });
    this.#held.set(message.key, task);
    this.#revisions.set(message.key, message.revision);
    if (inLine) {
      this.#lanes.set(call.channel, task);
      this.#countInLine(call.channel, 1);
    }
    return task;
  }

  /** Sends a newer revision claimed meanwhile, where the earlier one put the message. */
  #sendAgain(key: string): void {
    const message = this.#again.get(key);
    if (!message) return;
    this.#again.delete(key);
    this.#o.store
      .locate(key)
      .then((where) =>
        this.hold(
          typeof where === "object"
            ? { ...message, channel: where.channel, ts: where.ts }
            : message,
        ),
      )
      .catch((error) => {
        // Its lease runs out and it is claimed again: late, never lost.
        this.#o.logger.error(
          `outbox: could not send message ${key} again: ${describeError(error)}`,
          { outboxKey: key, request: message.requestNumber },
        );
      });
  }

  #countInLine(channel: string, change: number): void {
    const depth = (this.#depth.get(channel) ?? 0) + change;
    if (depth > 0) this.#depth.set(channel, depth);
    else this.#depth.delete(channel);
  }

  /**
   * When a post just claimed should go back to the queue instead of joining its channel's line:
   * one busy channel (an audit channel in a burst) must not fill the dispatcher while every other
   * channel waits, so beyond a few posts in line the rest go back for their turn; and a post
   * behind others handed back goes back with them, so it does not overtake them.
   */
  #backUntil(message: OutboxMessage, call: Call, now: number): number | null {
    const spacing = this.#limiter?.spacingMs(call) ?? 0;
    if (call.operation !== "post" || spacing === 0) return null;
    const behind = this.#behindHandedBack(message, call, now);
    const depth = this.#depth.get(call.channel) ?? 0;
    if (depth < LANE_DEPTH && behind === null) return null;
    return Math.max(behind ?? 0, now + depth * spacing);
  }

  /** When posts handed back before this one are due again; null if there are none. */
  #behindHandedBack(message: OutboxMessage, call: Call, now: number): number | null {
    if (call.operation !== "post") return null;
    const back = this.#handedBack.get(call.channel);
    if (!back || back.until <= now) {
      this.#handedBack.delete(call.channel);
      return null;
    }
    return message.createdAt.getTime() > back.since ? back.until : null;
  }

  /** Gives a claimed message back to the queue, due in `waitMs`, without counting an attempt. */
  async #handBack(message: OutboxMessage, call: Call, waitMs: number, reason: string) {
    if (call.operation === "post") {
      const back = this.#handedBack.get(call.channel);
      const since = message.createdAt.getTime();
      this.#handedBack.set(call.channel, {
        until: Math.max(this.#o.timer.now() + waitMs, back?.until ?? 0),
        since: Math.min(since, back?.since ?? since),
      });
    }
    const now = this.#o.clock.now();
    await this.#o.store.defer(message, now, new Date(now.getTime() + waitMs), reason);
  }

  /** The service said to wait: every call of this kind waits that long, not just this one. */
  pause(call: Call, waitMs: number): void {
    const now = this.#o.timer.now();
    this.#limiter?.pause(call, now + waitMs, now);
  }

  /** Stops waiting on rate limits past `ms` from now: what would wait longer goes back. */
  close(ms: number): void {
    this.#closingAt = this.#o.timer.now() + ms;
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
      const now = this.#o.timer.now();
      // Others before it in its channel's line went back: it goes back with them.
      const back = this.#behindHandedBack(message, call, now);
      if (back !== null) {
        await this.#handBack(message, call, back - now, "waiting for the rate limit");
        return false;
      }
      const wait = this.#limiter ? this.#limiter.acquire(call, now) : 0;
      if (wait === 0 && now <= latestStart) return true;
      if (wait === 0 || now + wait > Math.min(latestStart, this.#closingAt ?? latestStart)) {
        const reason = wait > 0 ? "waiting for the rate limit" : "waited too long for its turn";
        await this.#handBack(message, call, wait, reason);
        return false;
      }
      await this.#o.timer.sleep(wait, this.#waits.signal);
    }
  }
}

/** What a close aborts to wake every wait; each held message may wait on it, so no cap. */
function waitSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Real time: monotonic, and sleeps that a close cuts short. */
export const systemTimer: Timer = { now: () => performance.now(), sleep: abortableSleep };

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
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
