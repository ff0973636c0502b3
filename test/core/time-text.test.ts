import { describe, expect, it } from "vitest";
import { formatTime, formatWait, relativeTime } from "../../src/core/time-text.ts";

describe("formatTime", () => {
  it("shows minutes in UTC", () => {
    expect(formatTime(new Date("2026-01-05T14:02:59.999Z"))).toBe("2026-01-05 14:02 UTC");
  });
});

describe("formatWait", () => {
  it.each([
    [0, "less than a minute"],
    [-5_000, "less than a minute"],
    [59_000, "less than a minute"],
    [55 * 60_000, "55 min"],
    [2 * 3_600_000, "2 h"],
    [2 * 3_600_000 + 10 * 60_000, "2 h 10 min"],
    [3 * 3_600_000 - 10_000, "3 h"],
    [30 * 3_600_000, "30 h"],
    [3 * 86_400_000, "3 days"],
  ])("%i ms reads %s", (ms, text) => {
    expect(formatWait(ms)).toBe(text);
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  it("says how long until a moment ahead and since one behind", () => {
    expect(relativeTime(new Date("2026-12-03T12:55:00Z"), now)).toBe("in 55 min");
    expect(relativeTime(new Date("2026-12-03T10:00:00Z"), now)).toBe("2 h ago");
  });
});
