import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/audit/checkpoint.ts";
import { PrismaSinkCursors } from "../../src/db/prisma-sink-cursors.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const T0 = new Date("2026-12-04T10:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

function checkpoint(seq: number): Checkpoint {
  return {
    version: 1,
    seq,
    hash: String(seq % 10).repeat(64),
    at: later(seq).toISOString(),
    keyId: "a".repeat(16),
    signature: String((seq + 1) % 10).repeat(64),
  };
}

describe.each(databaseKinds)("PrismaSinkCursors on %s", (kind) => {
  let db: TestDatabase;
  let cursors: PrismaSinkCursors;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    cursors = new PrismaSinkCursors(db.prisma);
  });
  afterAll(() => db?.destroy());
  beforeEach(() => db.sql("DELETE FROM audit_sink_cursors"));

  it("leases a sink to one holder at a time, until the lease lapses or is released", async () => {
    const a = await cursors.lease("http", "A", T0, later(60_000));
    expect(a).toMatchObject({
      name: "http",
      lastSeq: 0,
      leaseHolder: "A",
      pendingCheckpoint: null,
    });
    expect(await cursors.lease("http", "B", later(1_000), later(61_000))).toBeNull();
    // A renews; B still waits.
    expect(await cursors.lease("http", "A", later(30_000), later(90_000))).not.toBeNull();
    expect(await cursors.lease("http", "B", later(60_000), later(120_000))).toBeNull();
    // Lapsed: B takes it, and A's compare-and-set no longer moves the cursor.
    expect(await cursors.lease("http", "B", later(90_000), later(150_000))).toMatchObject({
      leaseHolder: "B",
    });
    expect(await cursors.advance("http", "A", 0, 5, later(91_000))).toBe(false);
    await cursors.release("http", "B");
    expect(await cursors.lease("http", "A", later(92_000), later(152_000))).not.toBeNull();
  });

  it("moves the cursor only from where it is, and counts failures until a delivery", async () => {
    await cursors.lease("file", "A", T0, later(60_000));
    await cursors.recordFailure("file", "A", "disk full", later(1));
    await cursors.recordFailure("file", "A", "disk full", later(2));
    expect(await cursors.advance("file", "A", 0, 5, later(3))).toBe(true);
    // A second writer that read the cursor at 0 loses.
    expect(await cursors.advance("file", "A", 0, 7, later(4))).toBe(false);
    const [row] = await cursors.list();
    expect(row).toMatchObject({
      lastSeq: 5,
      attempts: 0,
      lastError: "disk full",
      lastErrorAt: later(2),
      lastDeliveredAt: later(3),
    });
  });

  it("keeps a newer pending checkpoint, and never takes one it already delivered", async () => {
    await cursors.lease("nats", "A", T0, later(60_000));
    expect(await cursors.offerCheckpoint(["nats", "http"], checkpoint(12))).toBe(2);
    // The same one again (another replica, the same head): nothing changes.
    expect(await cursors.offerCheckpoint(["nats", "http"], checkpoint(12))).toBe(0);
    // An older one never replaces a newer one.
    expect(await cursors.offerCheckpoint(["nats"], checkpoint(9))).toBe(0);
    expect(await cursors.offerCheckpoint(["nats"], checkpoint(13))).toBe(1);
    // Delivered #12 while #13 was written: #13 stays pending.
    expect(await cursors.checkpointDelivered("nats", "A", checkpoint(12), later(5))).toBe(false);
    expect(await cursors.checkpointDelivered("nats", "A", checkpoint(13), later(6))).toBe(true);
    const rows = await cursors.list();
    expect(
      rows.map((row) => [row.name, row.pendingCheckpoint?.seq ?? null, row.lastCheckpointSeq]),
    ).toEqual([
      ["http", 12, null],
      ["nats", null, 13],
    ]);
    // Delivered: the same head is not anchored twice.
    expect(await cursors.offerCheckpoint(["nats"], checkpoint(13))).toBe(0);
    // Only the lease holder clears it.
    expect(await cursors.checkpointDelivered("http", "A", checkpoint(12), later(7))).toBe(false);
  });
});
