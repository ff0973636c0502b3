/** How long one database read serves the scrapes that follow it. */
export const SNAPSHOT_MAX_AGE_MS = 15_000;

export interface SnapshotCacheOptions {
  /** How long a read (or a failed one) is reused; SNAPSHOT_MAX_AGE_MS when absent. */
  readonly maxAgeMs?: number;
  /** Milliseconds on a monotonic clock; performance.now() when absent. */
  readonly now?: () => number;
}

/**
 * A read of the database for /metrics, shared: scrapes within `maxAgeMs` of the last read get its
 * answer, and scrapes arriving while a read is under way wait for that one. However often (or
 * however many Prometheus servers) scrape, the database sees at most one read per period. A
 * failed read answers null, and is reused for the period too, so a struggling database is not
 * asked again on every scrape.
 */
export function cachedSnapshot<T>(
  read: () => Promise<T>,
  options: SnapshotCacheOptions = {},
): () => Promise<T | null> {
  const maxAgeMs = options.maxAgeMs ?? SNAPSHOT_MAX_AGE_MS;
  const now = options.now ?? (() => performance.now());
  let last: { readonly value: T | null; readonly at: number } | null = null;
  let pending: Promise<T | null> | null = null;
  return () => {
    if (pending) return pending;
    if (last && now() - last.at < maxAgeMs) return Promise.resolve(last.value);
    pending = read()
      .catch(() => null)
      .then((value) => {
        last = { value, at: now() };
        pending = null;
        return value;
      });
    return pending;
  };
}
