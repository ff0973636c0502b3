import type { OutboxMessage } from "./outbox-store.ts";
import { type Rate, TokenBucket } from "./token-bucket.ts";

/** The two calls a delivery makes: a first post, or an edit of what was posted. */
export type Operation = "post" | "edit";

/** What the service allows for one kind of call: overall, and per channel (each its own bucket). */
export interface OperationLimits {
  /** The service's name for the call, for log lines. */
  readonly name: string;
  /** Unset: no limit of ours, though a "wait" from the service still pauses every such call. */
  readonly overall?: Rate;
  readonly perChannel?: Rate;
}

export type DeliveryLimits = Readonly<Record<Operation, OperationLimits>>;

/** The call sending `message` makes now, and where to. */
export interface Call {
  readonly operation: Operation;
  readonly channel: string;
}

/** Mirrors what a deliverer does: edit where it was posted, else post to the recipient. */
export function callOf(message: Pick<OutboxMessage, "channel" | "ts" | "recipient">): Call {
  return message.channel && message.ts
    ? { operation: "edit", channel: message.channel }
    : { operation: "post", channel: message.recipient };
}

/** Channel buckets beyond this many are swept of idle ones, so a long run does not hoard them. */
const SWEEP_ABOVE = 1000;

/**
 * Token buckets per operation and per (operation, channel). A call takes a token from both at
 * once or from neither, so a call waiting on one channel never uses up the overall budget.
 */
export class DeliveryLimiter {
  readonly #limits: DeliveryLimits;
  readonly #overall = new Map<Operation, TokenBucket>();
  readonly #channels = new Map<string, TokenBucket>();

  constructor(limits: DeliveryLimits) {
    this.#limits = limits;
  }

  /** The service's name for a call, for log lines. */
  nameOf(call: Call): string {
    return this.#limits[call.operation].name;
  }

  /** The steady gap between two such calls to one channel; 0 when channels have no limit. */
  spacingMs(call: Call): number {
    const rate = this.#limits[call.operation].perChannel;
    return rate ? 1000 / rate.perSecond : 0;
  }

  /** Milliseconds to wait before `call` may go; 0 means it may go now, and it was counted. */
  acquire(call: Call, now: number): number {
    const buckets = this.#bucketsOf(call, now);
    const wait = Math.max(...buckets.map((bucket) => bucket.waitMs(now)));
    if (wait > 0) return wait;
    for (const bucket of buckets) bucket.take(now);
    return 0;
  }

  /** The service said to wait until `until`: every such call waits, on every channel. */
  pause(call: Call, until: number, now: number): void {
    for (const bucket of this.#bucketsOf(call, now)) bucket.pause(until);
  }

  #bucketsOf(call: Call, now: number): TokenBucket[] {
    const limits = this.#limits[call.operation];
    let overall = this.#overall.get(call.operation);
    if (!overall) {
      overall = new TokenBucket(limits.overall ?? null, now);
      this.#overall.set(call.operation, overall);
    }
    if (!limits.perChannel) return [overall];
    const key = `${call.operation} ${call.channel}`;
    let channel = this.#channels.get(key);
    if (!channel) {
      if (this.#channels.size >= SWEEP_ABOVE) this.#sweep(now);
      channel = new TokenBucket(limits.perChannel, now);
      this.#channels.set(key, channel);
    }
    return [overall, channel];
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#channels) if (bucket.idle(now)) this.#channels.delete(key);
  }
}

/**
 * A service's Retry-After, trusted up to `maxMs` (the longest back-off): a wait of days, from a
 * broken or hostile answer, would otherwise stop every call of its kind for that long.
 */
export function trustedWait(askedMs: number | undefined, maxMs: number): number | undefined {
  return askedMs === undefined ? undefined : Math.min(askedMs, maxMs);
}
