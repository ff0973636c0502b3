import { describe, expect, it } from "vitest";
import { loadEngineConfig } from "../../src/config/engine-config.ts";
import { parseRate } from "../../src/config/limits-config.ts";

describe("limits settings", () => {
  it("reads a rate as a count per duration in seconds, minutes or hours", () => {
    expect(parseRate("20/10m")).toEqual({ count: 20, windowMs: 600_000 });
    expect(parseRate(" 30 / 10s ")).toEqual({ count: 30, windowMs: 10_000 });
    expect(parseRate("100/1h")).toEqual({ count: 100, windowMs: 3_600_000 });
    for (const text of ["20", "20/10", "0/10m", "20/0m", "20 per 10m", "20/10d", "-1/10m"]) {
      expect(parseRate(text), text).toBeNull();
    }
  });

  it("takes MAX_CHECKERS and both rate limits from the environment; blank keeps the default", () => {
    const config = loadEngineConfig({
      MAX_CHECKERS: "4",
      REQUEST_RATE_LIMIT: "5/1h",
      CLICK_RATE_LIMIT: " ",
    });
    expect(config.limits).toEqual({
      maxCheckers: 4,
      requestRate: { count: 5, windowMs: 3_600_000 },
      clickRate: { count: 30, windowMs: 10_000 },
    });
  });

  it("stops on limits it cannot read, saying what is expected", () => {
    expect(() =>
      loadEngineConfig({ MAX_CHECKERS: "0", REQUEST_RATE_LIMIT: "lots", CLICK_RATE_LIMIT: "30" }),
    ).toThrow(
      [
        "The configuration is invalid:",
        "  MAX_CHECKERS: must be a whole number from 1 to 100",
        "  REQUEST_RATE_LIMIT: must be a count per duration, like 20/10m (20 per 10 minutes) or 30/10s; the units are s, m and h",
        "  CLICK_RATE_LIMIT: must be a count per duration, like 20/10m (20 per 10 minutes) or 30/10s; the units are s, m and h",
      ].join("\n"),
    );
  });
});
