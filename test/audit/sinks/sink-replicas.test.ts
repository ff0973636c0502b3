import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { httpSink } from "../../../src/audit/sinks/http-sink.ts";
import { SinkDelivery } from "../../../src/audit/sinks/sink-delivery.ts";
import { systemClock } from "../../../src/core/clock.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { type Database, openDatabase } from "../../../src/db/database.ts";
import { PrismaSinkCursors } from "../../../src/db/prisma-sink-cursors.ts";
import { prismaSinkEvents } from "../../../src/db/sink-events.ts";
import { createTestTarget, databaseKinds } from "../../support/database.ts";
import { WAIT_MS } from "../../support/patience.ts";
import { startAuditCollector } from "../../support/sink-receiver.ts";
import { auditService, createNote, populate } from "../trail.ts";

const SECRET = "r".repeat(32);

// Three processes on one PostgreSQL database (PGlite serves one process only).
describe.runIf(databaseKinds.includes("postgres"))("three replicas delivering one sink", () => {
  let drop: () => Promise<void>;
  let replicas: Database[] = [];

  beforeAll(async () => {
    const test = await createTestTarget("postgres", { migrated: true });
    drop = test.drop;
    replicas = await Promise.all(
      [1, 2, 3].map(() => openDatabase(test.target, { migrate: false })),
    );
    await populate((replicas[0] as Database).prisma);
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await drop?.();
  });

  it("take turns through the lease: every event arrives in order, and one batch at a time", async () => {
    const collector = await startAuditCollector(SECRET);
    try {
      const loops = replicas.map(
        (replica, i) =>
          new SinkDelivery({
            sinks: [
              httpSink({ url: collector.url, secret: SECRET, batchSize: 2, clock: systemClock }),
            ],
            cursors: new PrismaSinkCursors(replica.prisma),
            events: prismaSinkEvents(replica.prisma),
            holder: `replica-${i + 1}`,
            clock: systemClock,
            logger: silentLogger,
            pollMs: 5,
          }),
      );
      for (const loop of loops) loop.start();
      // Events keep coming while they deliver, written through the replicas in turn.
      for (const replica of replicas) {
        await createNote(auditService(replica.prisma), "While delivering");
        for (const loop of loops) loop.wake();
      }
      await vi.waitFor(() => expect(collector.chain.lastSeq).toBe(15), {
        timeout: WAIT_MS,
        interval: 10,
      });
      for (const loop of loops) await loop.stop();
      expect(collector.chain.events.map((event) => event.seq)).toEqual(
        Array.from({ length: 15 }, (_, i) => i + 1),
      );
      expect(collector.chain.problems).toEqual([]);
      expect(collector.chain.duplicates).toBe(0);
      expect(collector.maxInFlight).toBe(1);
    } finally {
      await collector.close();
    }
  });
});
