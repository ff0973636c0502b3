import type { Clock } from "../core/clock.ts";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { type Call, type DeliveryLimits, trustedWait } from "./delivery-limits.ts";
import { OutboxSender, systemTimer, type Timer } from "./outbox-sender.ts";
import type { OutboxMessage, OutboxQueue } from "./outbox-store.ts";

export type DeliveryResult =
  | { readonly ok: true; readonly channel: string; readonly ts: string }
  | {
      readonly ok: false;
      readonly error: string;
      /** The service asked us to wait this long (a rate limit). */
      readonly retryAfterMs?: number;
      /** Retrying cannot help (a deleted channel, a rejected message): dead at once. */
      readonly permanent?: boolean;
      /** The message to edit no longer exists: post it anew. */
      readonly gone?: boolean;
    };

/** Sends one message: posts it when `message.ts` is null, else edits it in place. */
export type Deliver = (
  message: OutboxMessage,
  thread: { readonly channel: string; readonly ts: string } | null,
) => Promise<DeliveryResult>;

export type DispatcherLogger = Pick<Logger, "warn" | "error">;

export interface DispatcherOptions {
  readonly store: OutboxQueue;
  readonly deliver: Deliver;
  readonly clock: Clock;
  readonly logger: DispatcherLogger;
  /** How often to look for due messages when nothing woke the dispatcher. */
  readonly pollMs?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  /** Attempts before a message is marked dead. */
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Called after each failed attempt; `attempts` counts this one, `dead` says it was the last,
   * `error` is why this one failed.
   */
  readonly onFailure?: (
    message: OutboxMessage,
    failure: { readonly attempts: number; readonly dead: boolean; readonly error: string },
  ) => Promise<void>;
  readonly random?: () => number;
  /**
   * Called after a message was posted or edited (`message` as it was before: `ts` null means it
   * was posted for the first time). A failure here is logged; the message stays sent.
   */
  readonly onDelivered?: (message: OutboxMessage) => void | Promise<void>;
  /** Deliveries in flight at once (across channels and messages). */
  readonly concurrency?: number;
  /**
   * Messages held at once (in flight, or waiting for a channel, a parent or a rate limit): no
   * more are claimed meanwhile, so a claim never outgrows what can be sent within its lease.
   */
  readonly maxHeld?: number;
  /**
   * The service's rate limits, waited for before each call; a "wait" it answers pauses every
   * call of that kind. Unset: no waiting, and a "wait" reschedules only the message that got it.
   */
  readonly limits?: DeliveryLimits;
  /** Elapsed time for rate limits and leases (real time; tests move a clock of their own). */
  readonly timer?: Timer;
}

/**
 * A thread reply waits this long for its parent before it is posted on its own (at once if the
 * parent was given up on): late or out of its thread, but never lost.
 */
const PARENT_WAIT_MS = 2 * 60_000;

/**
 * Delivers the outbox: due messages are leased, sent, and recorded as sent, retried with
 * back-off (or after the service's Retry-After), or marked dead with the error after
 * `maxAttempts`. Several dispatchers (replicas) may run at once: leases keep them apart.
 * Claimed messages are sent side by side, in order where it matters (see OutboxSender), and
 * the next claim does not wait for the slowest of the last one.
 */
export class OutboxDispatcher {
  readonly #o: Required<Omit<DispatcherOptions, "onFailure" | "onDelivered" | "limits">> &
    Pick<DispatcherOptions, "onFailure" | "onDelivered">;
  readonly #sender: OutboxSender;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #woken = false;
  /** The loop stopped claiming because it holds `maxHeld`: a finished message wakes it. */
  #full = false;

  constructor(options: DispatcherOptions) {
    const { limits, ...rest } = options;
    const concurrency = options.concurrency ?? 8;
    this.#o = {
      pollMs: 1000,
      batchSize: 20,
      leaseMs: 60_000,
      maxAttempts: 8,
      baseBackoffMs: 1000,
      maxBackoffMs: 5 * 60_000,
      random: Math.random,
      concurrency,
      maxHeld: Math.max(options.batchSize ?? 20, concurrency * 4),
      timer: systemTimer,
      ...rest,
    };
    this.#sender = new OutboxSender({
      ...this.#o,
      limits,
      send: (message, call) => this.#dispatch(message, call),
      onDone: () => {
        if (this.#full && this.#sender.size <= this.#o.maxHeld / 2) {
          this.#full = false;
          this.wake();
        }
      },
    });
  }

  /** Whether it is sending (started and not stopped). */
  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#sender.open();
    this.#loop = this.#run();
  }

  /**
   * Stops after the messages in flight; those still waiting on a rate limit go back to the
   * queue. With `flushMs`, first sends what is due for up to that long; what is left stays
   * queued for the next start.
   */
  async stop(options: { flushMs?: number } = {}): Promise<void> {
    this.#running = false;
    this.#sender.close(options.flushMs ?? 0);
    this.wake();
    await this.#loop;
    this.#loop = null;
    await this.#sender.settled();
    if (options.flushMs) await this.#flush(options.flushMs);
  }

  async #flush(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    try {
      // Messages rescheduled for later (a rate limit) are not due, so they wait for the next start.
      let tried = 1;
      while (tried > 0 && Date.now() < deadline) tried = await this.dispatchDue();
    } catch (error) {
      this.#o.logger.error(`outbox: could not flush on shutdown: ${describeError(error)}`);
    }
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** One pass over what is due now, sent before it returns; returns how many messages it tried. */
  async dispatchDue(): Promise<number> {
    const sending = await this.#claim(this.#o.batchSize);
    await Promise.all(sending);
    return sending.length;
  }

  /** Claims up to `limit` due messages (fewer if that many are held) and starts sending them. */
  async #claim(limit: number): Promise<Promise<void>[]> {
    const room = Math.min(limit, this.#o.maxHeld - this.#sender.size);
    if (room <= 0) return [];
    const now = this.#o.clock.now();
    const due = await this.#o.store.claimDue(now, room, this.#o.leaseMs);
    // Replies last: a parent claimed in the same batch is posted first, so they find it.
    const ordered = [...due.filter((m) => !m.threadKey), ...due.filter((m) => m.threadKey)];
    return ordered.map((message) => this.#sender.hold(message));
  }

  async #run(): Promise<void> {
    let idleMs = this.#o.pollMs;
    while (this.#running) {
      this.#woken = false;
      try {
        const want = Math.min(this.#o.batchSize, this.#o.maxHeld - this.#sender.size);
        const sending = want > 0 ? await this.#claim(want) : [];
        idleMs = this.#o.pollMs;
        // A full claim: more may be due. Claim again at once if there is room, else when a
        // message is done.
        this.#full = want <= 0 || sending.length === want;
        if (this.#full && this.#sender.size < this.#o.maxHeld) continue;
      } catch (error) {
        // The database is away: keep the messages where they are and look again later.
        this.#o.logger.error(`outbox: cannot read the outbox: ${describeError(error)}`);
        idleMs = Math.min(idleMs * 2, 30_000);
      }
      if (!this.#woken) await this.#sleep(idleMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = null;
        resolve();
      }
      this.#wake = done;
    });
  }

  async #dispatch(message: OutboxMessage, call: Call): Promise<void> {
    const { store, clock } = this.#o;
    let thread: { channel: string; ts: string } | null = null;
    if (message.threadKey && message.ts === null) {
      const parent = await store.locate(message.threadKey);
      const age = clock.now().getTime() - message.createdAt.getTime();
      if (parent === "not-yet" && age < PARENT_WAIT_MS) {
        const next = new Date(clock.now().getTime() + this.#o.pollMs);
        await store.defer(message, clock.now(), next, "waiting for the message it replies to");
        return;
      }
      // A parent given up on, or still not shown after the wait: the reply goes on its own.
      if (typeof parent === "object") thread = parent;
    }
    let result: Awaited<ReturnType<Deliver>>;
    try {
      result = await this.#o.deliver(message, thread);
    } catch (error) {
      result = { ok: false, error: describeError(error) };
    }
    const now = clock.now();
    if (result.ok) {
      await store.markSent(message, now, result);
      try {
        await this.#o.onDelivered?.(message);
      } catch (error) {
        this.#o.logger.error(
          `outbox: message ${message.key} was delivered, but what follows it failed: ${describeError(error)}`,
          messageLogFields(message, message.attempts),
        );
      }
      return;
    }
    if (result.gone) {
      // Deleted in Slack: post it again rather than lose the update.
      await store.forgetLocation(message);
    }
    const attempts = message.attempts + 1;
    if (result.permanent || attempts >= this.#o.maxAttempts) {
      await store.markDead(message, now, result.error);
      this.#o.logger.error(
        `outbox: gave up on message ${message.key} after ${attempts} attempt(s): ${result.error}`,
        messageLogFields(message, attempts),
      );
      await this.#o.onFailure?.(message, { attempts, dead: true, error: result.error });
      return;
    }
    const retryAfter = trustedWait(result.retryAfterMs, this.#o.maxBackoffMs);
    if (retryAfter !== undefined) {
      // The service's wait holds for every call of this kind, not just this message's.
      this.#sender.pause(call, retryAfter);
    }
    const wait = retryAfter ?? this.#backoff(attempts);
    await store.markRetry(message, now, new Date(now.getTime() + wait), result.error);
    this.#o.logger.warn(
      `outbox: message ${message.key} not delivered (${result.error}); attempt ${attempts + 1} in ${Math.round(wait / 1000)} s`,
      messageLogFields(message, attempts),
    );
    await this.#o.onFailure?.(message, { attempts, dead: false, error: result.error });
  }

  /** Exponential with full jitter, so replicas retrying together do not stampede. */
  #backoff(attempts: number): number {
    const ceiling = Math.min(this.#o.maxBackoffMs, this.#o.baseBackoffMs * 2 ** (attempts - 1));
    return Math.round(ceiling / 2 + (this.#o.random() * ceiling) / 2);
  }
}

function messageLogFields(message: OutboxMessage, attempts: number) {
  return {
    outboxKey: message.key,
    request: message.requestNumber,
    requestId: message.requestId,
    correlationId: message.correlationId,
    recipient: message.recipient,
    attempts,
  };
}
