import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import { databaseKinds, type TestDatabase } from "../support/database.ts";
import { populatedDatabase } from "../support/populated-trail.ts";
import { whileTampered } from "./tamper.ts";
import { key, type Trail } from "./trail.ts";

/*
 * Verify reads both tables a page at a time, asking for the next page while it checks the
 * current one. These put the tampering exactly on the edges of pages: 12 events in pages of 4
 * end pages at 4, 8 and 12; 5 requests in pages of 2 end them at #2 and #4.
 */

describe.each(databaseKinds)("verify across page boundaries on %s", (kind) => {
  let db: TestDatabase;
  let trail: Trail;

  beforeAll(async () => {
    ({ db, trail } = await populatedDatabase(kind));
  });
  afterAll(() => db?.destroy());

  const verify = (batchSize: number) =>
    verifyAuditTrail(new PrismaTrailReader(db.prisma), key, { batchSize });

  it("reads every event once, in order, whether or not the trail ends on a page's edge", async () => {
    const reader = new PrismaTrailReader(db.prisma);
    const all = Array.from({ length: trail.events }, (_, i) => i + 1);
    for (const batchSize of [1, 3, 4, 5, 6, 11, 12, 13]) {
      const seqs: number[] = [];
      for await (const event of reader.events({}, batchSize)) seqs.push(event.seq);
      expect(seqs, `pages of ${batchSize}`).toEqual(all);
      const report = await verify(batchSize);
      expect(report, `pages of ${batchSize}`).toMatchObject({
        ok: true,
        events: trail.events,
        requests: trail.requests,
      });
    }
  });

  it("stops reading at a broken link, leaving the prefetched page unread", async () => {
    const reader = new PrismaTrailReader(db.prisma);
    const read: AuditEvent[] = [];
    for await (const event of reader.events({}, 4)) {
      read.push(event);
      if (event.seq === 4) break;
    }
    expect(read.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
  });

  for (const seq of [4, 5]) {
    it(`catches event ${seq}, ${seq === 4 ? "the last of a page" : "the first of the next"}, edited`, async () => {
      const report = await whileTampered(
        db,
        {
          events: `seq = ${seq}`,
          sql: [`UPDATE audit_events SET actor = 'U9FORGER' WHERE seq = ${seq}`],
        },
        () => verify(4),
      );
      expect(report).toMatchObject({
        ok: false,
        problem: {
          seq,
          message: expect.stringMatching(
            new RegExp(`^event ${seq} \\(.*\\): its content does not match its hash`),
          ),
        },
      });
    });

    it(`catches event ${seq}, on a page's edge, removed`, async () => {
      const report = await whileTampered(
        db,
        { events: `seq = ${seq}`, sql: [`DELETE FROM audit_events WHERE seq = ${seq}`] },
        () => verify(4),
      );
      expect(report).toEqual({
        ok: false,
        problem: {
          seq,
          message: `event ${seq} is missing: the trail jumps from event ${seq - 1} to event ${seq + 1} (events were deleted)`,
        },
      });
    });
  }

  it("catches the two events either side of a page's edge swapped", async () => {
    const report = await whileTampered(
      db,
      {
        events: "seq IN (4, 5, -4)",
        sql: [
          "UPDATE audit_events SET seq = -4 WHERE seq = 4",
          "UPDATE audit_events SET seq = 4 WHERE seq = 5",
          "UPDATE audit_events SET seq = 5 WHERE seq = -4",
        ],
      },
      () => verify(4),
    );
    expect(report).toMatchObject({
      ok: false,
      problem: {
        seq: 4,
        message: expect.stringContaining(
          "its prev_hash does not match the hash of the event before it",
        ),
      },
    });
  });

  // #3 opens the second page of requests, #4 closes it; neither is referenced by another row.
  for (const number of [3, 4]) {
    it(`catches request #${number}'s row, on a page's edge, edited`, async () => {
      const report = await whileTampered(
        db,
        {
          requests: `number = ${number}`,
          sql: [`UPDATE requests SET purpose = 'Nothing to see' WHERE number = ${number}`],
        },
        () => verify(2),
      );
      expect(report).toMatchObject({
        ok: false,
        problem: {
          requestNumber: number,
          message: expect.stringContaining(
            `request #${number}: the requests table says purpose "Nothing to see"`,
          ),
        },
      });
    });
  }
});
