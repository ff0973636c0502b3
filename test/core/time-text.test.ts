import { describe, expect, it } from "vitest";
import { formatTime } from "../../src/core/time-text.ts";

describe("formatTime", () => {
  it("shows minutes in UTC", () => {
    expect(formatTime(new Date("2026-01-05T14:02:59.999Z"))).toBe("2026-01-05 14:02 UTC");
  });
});
