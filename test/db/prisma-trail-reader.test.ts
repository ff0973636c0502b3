import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrailReader } from "../../src/audit/trail-reader.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { toAuditEvent, toRecord } from "../../src/db/request-rows.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import { whileTampered } from "../audit/tamper.ts";
import { populate, START, type Trail } from "../audit/trail.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

async function collect(events: AsyncIterable<AuditEvent>): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const seqs = (events: readonly AuditEvent[]) => events.map((event) => event.seq);

describe.each(databaseKinds)("PrismaTrailReader on %s", (kind) => {
  let db: TestDatabase;
  // Declared as the port: the reader fits it (db/ does not import audit/, so this is the check).
  let reader: TrailReader;
  let emptyHead: Awaited<ReturnType<TrailReader["head"]>> | undefined;
  let trail: Trail;
  let all: AuditEvent[];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    reader = new PrismaTrailReader(db.prisma);
    emptyHead = await reader.head();
    trail = await populate(db.prisma);
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    all = rows.map(toAuditEvent);
  });
  afterAll(() => db?.destroy());

  it("streams every event in seq order, whatever the page size", async () => {
    expect(all).toHaveLength(trail.events);
    expect(await collect(reader.events({}, 1000))).toEqual(all);
    expect(await collect(reader.events({}, 5))).toEqual(all);
    expect(await collect(reader.events({}, 1))).toEqual(all);
  });

  it("filters by time, request number, request ids and type, together", async () => {
    const since = new Date(Date.parse(START) + 5 * 60_000);
    expect(seqs(await collect(reader.events({ since }, 2)))).toEqual(
      seqs(all.filter((event) => event.at >= since)),
    );
    const declined = all.filter((event) => event.requestNumber === trail.declined);
    expect(await collect(reader.events({ requestNumber: trail.declined }, 1))).toEqual(declined);
    const ids = [all[0]?.requestId ?? "", declined[0]?.requestId ?? ""];
    expect(seqs(await collect(reader.events({ requestIds: ids }, 2)))).toEqual(
      seqs(all.filter((event) => event.requestId !== null && ids.includes(event.requestId))),
    );
    expect(seqs(await collect(reader.events({ type: "REQUEST_CREATED", since }, 1)))).toEqual(
      seqs(all.filter((event) => event.type === "REQUEST_CREATED" && event.at >= since)),
    );
    expect(await collect(reader.events({ requestIds: [] }, 10))).toEqual([]);
  });

  it("streams the events of some requests grouped by request, each in seq order", async () => {
    const ids = [...new Set(all.flatMap((event) => (event.requestId ? [event.requestId] : [])))];
    const expected = all
      .filter((event) => event.requestId !== null)
      .sort((a, b) =>
        a.requestId === b.requestId
          ? a.seq - b.seq
          : (a.requestId as string) < (b.requestId as string)
            ? -1
            : 1,
      );
    expect(await collect(reader.eventsOfRequests(ids, 1000))).toEqual(expected);
    expect(await collect(reader.eventsOfRequests(ids, 2))).toEqual(expected);
    const one = ids[0] as string;
    expect(await collect(reader.eventsOfRequests([one], 1))).toEqual(
      all.filter((event) => event.requestId === one),
    );
  });

  it("tells the head of the chain, and that an empty trail has none", async () => {
    expect(emptyHead).toBeNull();
    const last = all.at(-1) as AuditEvent;
    expect(await reader.head()).toEqual({ seq: last.seq, hash: last.hash, at: last.at });
  });

  it("finds a request's creation in the trail", async () => {
    const created = all.find(
      (event) => event.type === "REQUEST_CREATED" && event.requestNumber === trail.pending,
    ) as AuditEvent;
    expect(await reader.creationEvent(created.requestId as string)).toEqual({
      type: "REQUEST_CREATED",
      details: created.details,
    });
    expect(await reader.creationEvent("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("pages the requests by number, as records", async () => {
    const rows = await db.prisma.request.findMany({ orderBy: { number: "asc" } });
    const records = rows.map(toRecord);
    expect(records).toHaveLength(trail.requests);
    expect(await reader.requestsAfter(undefined, 100)).toEqual(records);
    expect(await reader.requestsAfter(undefined, 2)).toEqual(records.slice(0, 2));
    expect(await reader.requestsAfter(records[1]?.number, 2)).toEqual(records.slice(2, 4));
    expect(await reader.requestsAfter(records.at(-1)?.number, 2)).toEqual([]);
    const first = records[0];
    expect(await reader.request(first?.id ?? "")).toEqual(first);
    expect(await reader.request("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("finds the first event whose request row is gone", async () => {
    expect(await reader.firstOrphan()).toBeNull();
    const n = trail.pending;
    const created = all.find(
      (event) => event.type === "REQUEST_CREATED" && event.requestNumber === n,
    ) as AuditEvent;
    const orphan = await whileTampered(
      db,
      { requests: `number = ${n}`, sql: [`DELETE FROM requests WHERE number = ${n}`] },
      () => reader.firstOrphan(),
    );
    expect(orphan).toEqual({
      seq: created.seq,
      type: "REQUEST_CREATED",
      requestNumber: n,
      requestId: created.requestId,
    });
  });

  it("reads in one snapshot, and a snapshot's reader reuses it", async () => {
    const read = await reader.inSnapshot(async (snapshot) => {
      expect(snapshot).not.toBe(reader);
      const nested = await snapshot.inSnapshot(async (inner) => inner);
      expect(nested).toBe(snapshot);
      return {
        head: await snapshot.head(),
        events: await collect(snapshot.events({}, 4)),
        requests: await snapshot.requestsAfter(undefined, 100),
      };
    });
    expect(read.head).toEqual(await reader.head());
    expect(read.events).toEqual(all);
    expect(read.requests).toEqual(await reader.requestsAfter(undefined, 100));
    await expect(
      reader.inSnapshot(async () => {
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
  });
});
