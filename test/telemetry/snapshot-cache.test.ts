import { describe, expect, it } from "vitest";
import { cachedSnapshot } from "../../src/telemetry/snapshot-cache.ts";

describe("cachedSnapshot", () => {
  it("lets callers that arrive during a read share it, even with no caching", async () => {
    let reads = 0;
    let release: (value: string) => void = () => {};
    const read = cachedSnapshot(
      () => {
        reads++;
        return new Promise<string>((resolve) => {
          release = resolve;
        });
      },
      { maxAgeMs: 0 },
    );
    const waiting = [read(), read(), read(), read(), read()];
    expect(reads).toBe(1);
    release("counts");
    expect(await Promise.all(waiting)).toEqual(Array(5).fill("counts"));
    // The read is over: with no caching, the next caller reads again.
    const next = read();
    expect(reads).toBe(2);
    release("fresh");
    expect(await next).toBe("fresh");
  });

  it("answers null for a failed read, and reuses the failure for the period", async () => {
    let reads = 0;
    let clock = 0;
    const read = cachedSnapshot(
      async () => {
        reads++;
        throw new Error("connection refused");
      },
      { maxAgeMs: 10, now: () => clock },
    );
    expect(await read()).toBeNull();
    clock = 9;
    expect(await read()).toBeNull();
    expect(reads).toBe(1);
    clock = 10;
    await read();
    expect(reads).toBe(2);
  });
});
