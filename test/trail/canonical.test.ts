import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { type Random, seeded } from "../../bench/lib/random.ts";
import type { JsonValue } from "../../src/core/json.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import { canonicalEventContent } from "../../src/trail/chain.ts";

/*
 * canonicalEventContent writes the top level of an event by hand for speed; the reference is
 * canonicalize over the whole event, as the chain was sealed before. Thousands of generated
 * events, seeded so that a failure can be replayed, must come out byte for byte the same.
 */

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** Characters that canonical JSON treats differently: escapes, controls, non-ASCII, astral. */
const CHARACTERS = [
  "a",
  "Z",
  "0",
  " ",
  '"',
  "\\",
  "/",
  "\n",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "é",
  "ß",
  "€",
  "\u2028",
  "\u2029",
  "\ufeff",
  "日本",
  "😀",
  "𝄞",
  "\ud83d\ude00",
];

function text(random: Random, max = 8): string {
  let result = "";
  const length = Math.floor(random() * max);
  for (let i = 0; i < length; i++) result += pick(random, CHARACTERS);
  return result;
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  0.1,
  -2.5,
  1e21,
  1e-7,
  123456789.123,
  2 ** 53,
  -(2 ** 31),
  5e-324,
];

function number(random: Random): number {
  return random() < 0.5
    ? pick(random, NUMBERS)
    : (random() - 0.5) * 10 ** Math.floor(random() * 30);
}

function json(random: Random, depth: number): JsonValue {
  const kind = Math.floor(random() * (depth > 0 ? 7 : 5));
  if (kind === 0) return null;
  if (kind === 1) return random() < 0.5;
  if (kind === 2) return number(random);
  if (kind === 3 || kind === 4) return text(random);
  if (kind === 5)
    return Array.from({ length: Math.floor(random() * 4) }, () => json(random, depth - 1));
  return object(random, depth - 1);
}

function object(random: Random, depth: number): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = {};
  // Keys whose UTF-16 order differs from code point order (astral vs. U+FFxx) included.
  const keys = ["a", "B", "aa", "_", "é", "\uff61", "😀", "", "10", "9", "requestId"];
  for (let i = Math.floor(random() * 6); i > 0; i--) {
    result[random() < 0.5 ? pick(random, keys) : text(random, 4)] = json(random, depth);
  }
  return result;
}

const nullable = <T>(random: Random, value: () => T): T | null => (random() < 0.3 ? null : value());

function event(random: Random, seq: number): Omit<AuditEvent, "hash"> {
  return {
    seq,
    id: text(random, 40),
    type: pick(random, ["REQUEST_CREATED", "REQUEST_DECLINED", "ATTEMPT_REFUSED"]),
    requestId: nullable(random, () => text(random, 36)),
    requestNumber: nullable(random, () => Math.floor(random() * 1e6)),
    correlationId: nullable(random, () => text(random, 36)),
    causationId: nullable(random, () => text(random, 36)),
    actor: text(random, 12),
    fromStatus: nullable(random, () => pick(random, ["PENDING", "APPROVED"] as const)),
    toStatus: nullable(random, () => pick(random, ["DECLINED", "EXECUTED"] as const)),
    at: new Date(Math.floor(random() * 4e12)),
    details: object(random, 3),
    keyId: text(random, 16),
    prevHash: text(random, 64),
  } as Omit<AuditEvent, "hash">;
}

/** The reference: canonicalize over every field, as the content was built before. */
function reference(e: Omit<AuditEvent, "hash">): string | undefined {
  return canonicalize({ ...e, at: e.at.toISOString() });
}

describe("canonicalEventContent", () => {
  it("is byte for byte canonicalize's over thousands of generated events", () => {
    const random = seeded(19);
    for (let seq = 1; seq <= 5000; seq++) {
      const generated = event(random, seq);
      const text = canonicalEventContent(generated);
      // One expect per difference only: thousands of passing ones would dominate the test's time.
      if (text !== reference(generated)) expect(text, `event ${seq}`).toBe(reference(generated));
    }
  });

  it("leaves out members that are undefined, as canonicalize does", () => {
    const generated = event(seeded(7), 1);
    const partial = { ...generated, causationId: undefined, details: undefined, actor: undefined };
    const cast = partial as unknown as Omit<AuditEvent, "hash">;
    expect(canonicalEventContent(cast)).toBe(reference(cast));
  });

  it("refuses what canonicalize refuses: lone surrogates, NaN and infinities", () => {
    const base = event(seeded(3), 1);
    const cases = [
      { ...base, actor: "U\ud800" },
      { ...base, actor: "\udc00x" },
      { ...base, details: { note: "\ud83d" } },
      { ...base, requestNumber: Number.NaN },
      { ...base, details: { n: Number.POSITIVE_INFINITY } },
    ];
    for (const forged of cases) {
      expect(() => reference(forged)).toThrow();
      expect(() => canonicalEventContent(forged)).toThrow();
    }
  });
});
