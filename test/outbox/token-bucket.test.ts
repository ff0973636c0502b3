import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../src/outbox/token-bucket.ts";

/** Takes a token when one is there; says how long to wait otherwise. */
function takeAt(bucket: TokenBucket, now: number): number {
  const wait = bucket.waitMs(now);
  if (wait === 0) bucket.take(now);
  return wait;
}

describe("token bucket", () => {
  it("lets a burst through, then one call per interval", () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 3 }, 0);
    expect([takeAt(bucket, 0), takeAt(bucket, 0), takeAt(bucket, 0)]).toEqual([0, 0, 0]);
    expect(takeAt(bucket, 0)).toBe(1000);
    expect(takeAt(bucket, 400)).toBe(600);
    expect(takeAt(bucket, 1000)).toBe(0);
    expect(takeAt(bucket, 1000)).toBe(1000);
  });

  it("saves up no more than its burst while idle", () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, 0);
    takeAt(bucket, 0);
    takeAt(bucket, 0);
    const waits = [60_000, 60_000, 60_000].map((now) => takeAt(bucket, now));
    expect(waits).toEqual([0, 0, 500]);
  });

  it("a pause holds every call until it ends, then allows one and the plain rate", () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 5 }, 0);
    bucket.pause(30_000);
    expect(takeAt(bucket, 10_000)).toBe(20_000);
    expect(takeAt(bucket, 30_000)).toBe(0);
    expect(takeAt(bucket, 30_000)).toBe(1000);
  });

  it("without a rate, only a pause makes anyone wait", () => {
    const bucket = new TokenBucket(null, 0);
    expect([0, 0, 0, 0].map((now) => takeAt(bucket, now))).toEqual([0, 0, 0, 0]);
    bucket.pause(5_000);
    expect(takeAt(bucket, 1_000)).toBe(4_000);
    expect(takeAt(bucket, 5_000)).toBe(0);
    expect(takeAt(bucket, 5_000)).toBe(0);
  });

  it("is idle when full and not paused", () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 2 }, 0);
    expect(bucket.idle(0)).toBe(true);
    takeAt(bucket, 0);
    expect(bucket.idle(500)).toBe(false);
    expect(bucket.idle(1000)).toBe(true);
    bucket.pause(9_000);
    expect(bucket.idle(2_000)).toBe(false);
  });
});
