import { describe, expect, it } from "vitest";
import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import { checkLink, EMPTY_HEAD, GENESIS_HASH, sealEvent } from "../../src/trail/chain.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";

const key = auditKeyFrom("k".repeat(32));
const otherKey = auditKeyFrom("o".repeat(32));

function draft(id: string, details = {}): AuditEventDraft {
  return {
    id,
    type: "REQUEST_DECLINED",
    requestId: "11111111-1111-4111-8111-111111111111",
    requestNumber: 7,
    correlationId: "11111111-1111-4111-8111-111111111111",
    causationId: null,
    actor: "U0CHECK",
    fromStatus: "PENDING",
    toStatus: "DECLINED",
    at: new Date("2026-01-05T14:02:00.000Z"),
    details,
  };
}

describe("audit chain", () => {
  const first = sealEvent(key, EMPTY_HEAD, draft("e1", { reason: "no" }));
  const second = sealEvent(key, first, draft("e2"));

  it("numbers events from 1 and links each to the previous hash", () => {
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, keyId: key.id });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(checkLink(key, EMPTY_HEAD, first)).toBeNull();
    expect(checkLink(key, first, second)).toBeNull();
  });

  it("hashes content, not key order", () => {
    const reordered = sealEvent(key, EMPTY_HEAD, { ...draft("e1"), details: { b: 1, a: 2 } });
    const ordered = sealEvent(key, EMPTY_HEAD, { ...draft("e1"), details: { a: 2, b: 1 } });
    expect(reordered.hash).toBe(ordered.hash);
  });

  it("names what is wrong: an edit, a gap, a broken link, another key", () => {
    expect(checkLink(key, EMPTY_HEAD, { ...first, details: { reason: "yes" } })).toBe(
      "its content does not match its hash (the row was edited after it was written)",
    );
    expect(checkLink(key, EMPTY_HEAD, second)).toBe("events 1..1 are missing");
    expect(checkLink(key, { seq: 1, hash: "f".repeat(64) }, second)).toMatch(
      /prev_hash does not match/,
    );
    const foreign = sealEvent(otherKey, first, draft("e2"));
    expect(checkLink(key, first, foreign)).toMatch(/sealed with another audit key/);
    // Rebuilding the hash without the key is what an attacker with database access cannot do.
    const forged = sealEvent(otherKey, first, draft("e2"));
    expect(checkLink(key, first, { ...forged, keyId: key.id })).toMatch(/does not match its hash/);
  });
});
