import { describe, expect, it } from "vitest";
import {
  asOutcome,
  cappedText,
  ERROR_LIMIT,
  RESULT_LIMIT,
  storableJson,
  storableOutcome,
  storableText,
} from "../../src/requests/storable-outcome.ts";

const FFFD = "\uFFFD";

describe("storableText", () => {
  it("replaces NUL and unpaired surrogates with U+FFFD, and nothing else", () => {
    expect(storableText("ok\u0000")).toBe(`ok${FFFD}`);
    expect(storableText("a\ud800b")).toBe(`a${FFFD}b`);
    expect(storableText("a\udc00b")).toBe(`a${FFFD}b`);
    expect(storableText("\ud800")).toBe(FFFD);
    // Two high halves in a row: neither has its pair.
    expect(storableText("\ud800\ud800")).toBe(FFFD + FFFD);
    // A pair reversed is two lone halves.
    expect(storableText("\udc00\ud800")).toBe(FFFD + FFFD);
    // Whole pairs (emoji), other control characters and ordinary text are kept as they are.
    expect(storableText("paid 💸 \u0001\t\n é")).toBe("paid 💸 \u0001\t\n é");
  });
});

describe("cappedText", () => {
  it("keeps text within the limit, and cuts longer text with a marker saying how much", () => {
    expect(cappedText("short", 10)).toBe("short");
    const capped = cappedText("x".repeat(5000), 100);
    expect(capped.length).toBeLessThanOrEqual(100);
    expect(capped.length).toBeGreaterThan(90);
    expect(capped).toMatch(/^x+… \[truncated: \d+ more characters\]$/);
    const kept = capped.indexOf("…");
    expect(capped).toContain(`[truncated: ${5000 - kept} more characters]`);
  });

  it("never ends on half of a surrogate pair", () => {
    const text = "💸".repeat(100);
    for (const limit of [60, 61, 62, 63]) {
      const capped = cappedText(text, limit);
      expect(capped.length).toBeLessThanOrEqual(limit);
      expect(storableText(capped)).toBe(capped);
    }
  });
});

describe("storableJson", () => {
  it("cleans every string and key, however deep", () => {
    expect(
      storableJson({
        note: "ok\u0000",
        "k\u0000ey": ["\ud800", { deep: "x\udfff" }],
        n: 1.5,
        yes: true,
        none: null,
      }),
    ).toEqual({
      note: `ok${FFFD}`,
      [`k${FFFD}ey`]: [FFFD, { deep: `x${FFFD}` }],
      n: 1.5,
      yes: true,
      none: null,
    });
  });

  it("drops what JSON cannot hold, as the stored JSON would", () => {
    expect(storableJson({ a: undefined, b: () => 1, c: Number.NaN })).toEqual({ c: null });
    expect(storableJson(undefined)).toBeNull();
  });

  it("replaces a result longer than the limit by its beginning, marked as truncated", () => {
    const huge = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, name: `row ${i}` })) };
    const stored = storableJson(huge);
    expect(typeof stored).toBe("string");
    expect((stored as string).length).toBeLessThanOrEqual(RESULT_LIMIT);
    expect(stored).toMatch(/^\{"rows":\[\{"i":0,"name":"row 0"\}/);
    expect(stored).toMatch(/… \[truncated: \d+ more characters\]$/);
  });

  it("says so when a value is not JSON at all, instead of throwing", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(storableJson(cycle)).toMatch(/^\[the result could not be kept: .+\]$/);
    expect(storableJson({ big: 10n })).toMatch(/^\[the result could not be kept: .*BigInt.*\]$/);
  });
});

describe("storableOutcome", () => {
  it("cleans and caps the error and the result of a failure", () => {
    const outcome = storableOutcome({
      ok: false,
      error: `Webhook answered 500: ${"\u0000".repeat(3)}${"e".repeat(10_000)}`,
      result: { body: "\ud800" },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.startsWith(`Webhook answered 500: ${FFFD.repeat(3)}eee`)).toBe(true);
    expect(outcome.error.length).toBeLessThanOrEqual(ERROR_LIMIT);
    expect(outcome.error.length).toBeGreaterThan(ERROR_LIMIT - 40);
    expect(outcome.error).toMatch(/\[truncated: \d+ more characters\]$/);
    expect(outcome.result).toEqual({ body: FFFD });
  });

  it("leaves an ordinary outcome as it was", () => {
    const result = { status: 200, body: { note: "done", amount: 12.5 } };
    expect(storableOutcome({ ok: true, result })).toEqual({ ok: true, result });
    expect(storableOutcome({ ok: false, error: "nope" })).toEqual({
      ok: false,
      error: "nope",
      result: null,
    });
  });
});

describe("asOutcome", () => {
  it("keeps an outcome as it is", () => {
    expect(asOutcome({ ok: true, result: { n: 1 } })).toEqual({ ok: true, result: { n: 1 } });
    expect(asOutcome({ ok: true })).toEqual({ ok: true, result: null });
    expect(asOutcome({ ok: false, error: "nope", result: 3 })).toEqual({
      ok: false,
      error: "nope",
      result: 3,
    });
  });

  it("turns what is no outcome into a failure that says so", () => {
    for (const value of [undefined, null, "done", 42, {}, { ok: "yes" }]) {
      expect(asOutcome(value)).toEqual({
        ok: false,
        error:
          "The action answered something that is not an outcome ({ ok: true, result } or { ok: false, error }).",
      });
    }
    expect(asOutcome({ ok: false })).toMatchObject({
      ok: false,
      error: "The action failed without saying why.",
    });
  });
});
