import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { anchorCheckpoint } from "../../../src/audit/sinks/anchor-checkpoint.ts";
import { httpSink } from "../../../src/audit/sinks/http-sink.ts";
import type { AuditSink } from "../../../src/audit/sinks/sink.ts";
import { SinkDelivery } from "../../../src/audit/sinks/sink-delivery.ts";
import { ManualClock, systemClock } from "../../../src/core/clock.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { PrismaSinkCursors } from "../../../src/db/prisma-sink-cursors.ts";
import { PrismaTrailReader } from "../../../src/db/prisma-trail-reader.ts";
import { prismaSinkEvents } from "../../../src/db/sink-events.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../../support/database.ts";
import { WAIT_MS } from "../../support/patience.ts";
import { startAuditCollector } from "../../support/sink-receiver.ts";
import { auditService, createNote, key, populate } from "../trail.ts";

const SECRET = "c".repeat(32);
const until = (check: () => void) => vi.waitFor(check, { timeout: WAIT_MS, interval: 10 });

describe.each(databaseKinds)("delivering the trail to a sink, on %s", (kind) => {
  let db: TestDatabase;
  let collector: Awaited<ReturnType<typeof startAuditCollector>>;
  let clock: ManualClock;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await populate(db.prisma);
  });
  afterAll(() => db?.destroy());
  beforeEach(async () => {
    await db.sql("DELETE FROM audit_sink_cursors");
    collector = await startAuditCollector(SECRET);
    clock = new ManualClock();
    return () => collector.close();
  });

  const sink = (batchSize = 5): AuditSink =>
    httpSink({ url: collector.url, secret: SECRET, batchSize, clock: systemClock });
  const delivery = (sinks: AuditSink[], holder: string) =>
    new SinkDelivery({
      sinks,
      cursors: new PrismaSinkCursors(db.prisma),
      events: prismaSinkEvents(db.prisma),
      holder,
      clock,
      logger: silentLogger,
      pollMs: 10,
      backoffMs: 5,
      maxBackoffMs: 20,
      leaseMs: 60_000,
    });
  const cursor = async () => (await new PrismaSinkCursors(db.prisma).list())[0];
  const delivered = () => collector.chain.events.map((event) => event.seq);
  /** Every seq of the trail as it stands (a later test adds events). */
  const all = async () =>
    Array.from({ length: await prismaSinkEvents(db.prisma).headSeq() }, (_, i) => i + 1);

  it("waits out a receiver that is down, then catches up from its cursor, once each and in order", async () => {
    await collector.down();
    const loop = delivery([sink()], "A");
    loop.start();
    await until(async () => expect((await cursor())?.attempts).toBeGreaterThanOrEqual(2));
    expect(await cursor()).toMatchObject({
      lastSeq: 0,
      lastError: expect.stringMatching(/failed/),
    });
    await collector.up();
    const expected = await all();
    await until(() => expect(delivered()).toEqual(expected));
    await loop.stop();
    expect(collector.chain.problems).toEqual([]);
    expect(await cursor()).toMatchObject({
      lastSeq: expected.length,
      attempts: 0,
      leaseHolder: null,
    });
  });

  it("resumes after a restart, and after a crash between the receiver's answer and the cursor", async () => {
    const first = delivery([sink()], "A");
    expect((await first.step(sink())).kind).toBe("more"); // 1-5
    await first.stop();
    // The next process: the receiver takes 6-10, then the process dies before moving the cursor.
    const real = sink();
    let crashed = false;
    const crashing: AuditSink = {
      ...real,
      deliver: async (batch) => {
        await real.deliver(batch);
        if (!crashed) {
          crashed = true;
          throw new Error("killed");
        }
      },
    };
    const second = delivery([crashing], "B");
    expect(await second.step(crashing)).toEqual({ kind: "failed", error: "killed" });
    // Its lease outlives it; a third process waits for the lease to lapse, then takes over.
    const third = delivery([sink()], "C");
    expect((await third.step(sink())).kind).toBe("busy");
    clock.advance(60_001);
    third.start();
    const expected = await all();
    await until(() => expect(delivered()).toEqual(expected));
    await third.stop();
    expect(collector.chain.duplicates).toBe(5);
    expect(collector.chain.problems).toEqual([]);
  });

  it("sends a checkpoint right after the events it covers, once, and new events after it", async () => {
    const cursors = new PrismaSinkCursors(db.prisma);
    const trail = new PrismaTrailReader(db.prisma);
    const anchor = () => anchorCheckpoint({ trail, key, cursors, sinks: ["http"] });
    const first = await anchor();
    expect(first.checkpoint.seq).toBe(12);
    // The trail grows before the sink catches up: the checkpoint still comes right after #12.
    await createNote(auditService(db.prisma), "One more");
    const loop = delivery([sink(100)], "A");
    const drain = async () => {
      let step = await loop.step(sink(100));
      while (step.kind !== "idle") step = await loop.step(sink(100));
    };
    await drain();
    expect(collector.requests.map((request) => `${request.kind} ${request.seq}`)).toEqual([
      "events 1-12",
      "checkpoint 12-12",
      "events 13-13",
    ]);
    expect(collector.chain.checkpoints).toEqual([{ kind: "checkpoint", ...first.checkpoint }]);
    const next = await anchor();
    expect(next).toMatchObject({ offered: 1, checkpoint: { seq: 13 } });
    // Another replica's run of the same hour, on the same head: nothing new to send.
    expect((await anchor()).offered).toBe(0);
    await drain();
    expect(collector.requests.slice(3).map((request) => `${request.kind} ${request.seq}`)).toEqual([
      "checkpoint 13-13",
    ]);
    expect((await anchor()).offered).toBe(0);
    expect(await cursor()).toMatchObject({
      lastSeq: 13,
      pendingCheckpoint: null,
      lastCheckpointSeq: 13,
    });
    await loop.stop();
  });
});
