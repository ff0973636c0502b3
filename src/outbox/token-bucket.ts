/** A sustained rate with room for a short burst: `burst` calls at once, then `perSecond`. */
export interface Rate {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * A token bucket on an injected time line (milliseconds): full at first, one token per call,
 * refilled at `perSecond` up to `burst`. Without a rate it never runs dry, but can still be
 * paused (the service said "wait"). Callers ask how long to wait, then take; nothing here sleeps.
 */
export class TokenBucket {
  readonly #rate: Rate | null;
  #tokens: number;
  /** When `#tokens` was counted; in the future while paused (no refill before then). */
  #at: number;

  constructor(rate: Rate | null, now: number) {
    this.#rate = rate;
    this.#tokens = rate ? rate.burst : 1;
    this.#at = now;
  }

  /** Milliseconds until a token can be taken; 0 means now. */
  waitMs(now: number): number {
    if (now < this.#at) return this.#at - now + this.#refillMs(this.#tokens);
    this.#refill(now);
    return this.#refillMs(this.#tokens);
  }

  /** Takes a token; call only when `waitMs` said 0. */
  take(now: number): void {
    this.#refill(now);
    if (this.#rate) this.#tokens = Math.max(0, this.#tokens - 1);
  }

  /**
   * Nothing until `until`, and no burst saved up meanwhile: one call then, and the plain rate
   * after it, so a service that just refused us is not met with a burst.
   */
  pause(until: number): void {
    if (until <= this.#at) return;
    this.#tokens = 1;
    this.#at = until;
  }

  /** Full and not paused: it can be forgotten and made anew with the same result. */
  idle(now: number): boolean {
    if (now < this.#at) return false;
    this.#refill(now);
    return !this.#rate || this.#tokens >= this.#rate.burst;
  }

  #refill(now: number): void {
    if (!this.#rate || now <= this.#at) return;
    const earned = ((now - this.#at) * this.#rate.perSecond) / 1000;
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + earned);
    this.#at = now;
  }

  /** How long until `tokens` grows to one whole token. */
  #refillMs(tokens: number): number {
    if (!this.#rate || tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * 1000) / this.#rate.perSecond);
  }
}
