/**
 * Remembers what was already handled for a while, so a replayed click, a retried event or a
 * Socket Mode envelope delivered twice is answered once. In memory: across replicas, the
 * compare-and-set in the core is what keeps an action from running twice.
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; max?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 10 * 60_000;
    this.#max = options.max ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** True the first time `key` is seen within the TTL; records it. */
  firstTime(key: string): boolean {
    if (this.has(key)) return false;
    this.remember(key);
    return true;
  }

  has(key: string): boolean {
    const until = this.#seen.get(key);
    return until !== undefined && until > this.#now();
  }

  remember(key: string): void {
    this.#seen.delete(key);
    this.#seen.set(key, this.#now() + this.#ttlMs);
    // Maps iterate in insertion order, so the first entries are the oldest.
    for (const [oldest, until] of this.#seen) {
      if (this.#seen.size <= this.#max && until > this.#now()) break;
      this.#seen.delete(oldest);
    }
  }
}
