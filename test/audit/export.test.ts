import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvField, csvRow } from "../../src/audit/csv.ts";
import { CSV_COLUMNS, type ExportFilter, exportAuditTrail } from "../../src/audit/export.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { hashEvent } from "../../src/trail/chain.ts";
import { databaseKinds, type TestDatabase } from "../support/database.ts";
import { populatedDatabase } from "../support/populated-trail.ts";
import { key, START, type Trail } from "./trail.ts";

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe("csv", () => {
  it("quotes only what RFC 4180 requires, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField(12)).toBe("12");
    expect(csvField(null)).toBe("");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvRow(["a", null, 'b"c'])).toBe('a,,"b""c"\r\n');
  });
});

describe.each(databaseKinds)("exportAuditTrail on %s", (kind) => {
  let db: TestDatabase;
  let trail: Trail;

  beforeAll(async () => {
    ({ db, trail } = await populatedDatabase(kind));
  });
  afterAll(() => db?.destroy());

  const jsonl = async (filter: ExportFilter = {}) =>
    (
      await collect(
        exportAuditTrail(new PrismaTrailReader(db.prisma), "jsonl", { batchSize: 5, ...filter }),
      )
    )
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it("JSONL: every stored field, one event a line, re-checkable away from the database", async () => {
    const text = await collect(
      exportAuditTrail(new PrismaTrailReader(db.prisma), "jsonl", { batchSize: 5 }),
    );
    const lines = text.split("\n");
    expect(lines).toHaveLength(trail.events + 1);
    expect(lines.at(-1)).toBe("");
    const events = lines.slice(0, -1).map((line) => JSON.parse(line));
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(events[5]).toEqual({
      seq: 6,
      id: expect.any(String),
      type: "REQUEST_DECLINED",
      requestId: expect.any(String),
      requestNumber: trail.declined,
      correlationId: expect.any(String),
      causationId: expect.any(String),
      actor: "U2CHECK",
      fromStatus: "PENDING",
      toStatus: "DECLINED",
      at: "2026-01-05T09:04:00.000Z",
      details: { reason: 'Not now, it is "freeze" week' },
      keyId: key.id,
      prevHash: events[4].hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (const event of events) {
      expect(hashEvent(key, { ...event, at: new Date(event.at) })).toBe(event.hash);
    }
  });

  it("CSV: a header, then one RFC 4180 row per event", async () => {
    const text = await collect(exportAuditTrail(new PrismaTrailReader(db.prisma), "csv"));
    const rows = text.split("\r\n");
    expect(rows).toHaveLength(trail.events + 2);
    expect(rows[0]).toBe(CSV_COLUMNS.join(","));
    expect(CSV_COLUMNS.join(",")).toBe(
      "seq,at,type,request_number,request_id,actor,from_status,to_status,correlation_id,causation_id,details,key_id,prev_hash,hash",
    );
    const [first] = await jsonl({ requestNumber: trail.declined });
    const declined = (await jsonl()).find((event) => event.type === "REQUEST_DECLINED");
    expect(rows[6]).toBe(
      [
        "6",
        "2026-01-05T09:04:00.000Z",
        "REQUEST_DECLINED",
        String(trail.declined),
        declined?.requestId,
        "U2CHECK",
        "PENDING",
        "DECLINED",
        declined?.correlationId,
        first?.id,
        '"{""reason"":""Not now, it is \\""freeze\\"" week""}"',
        key.id,
        declined?.prevHash,
        declined?.hash,
      ].join(","),
    );
    // The refused create belongs to no request: its request columns are empty.
    expect(rows[12]).toMatch(/^12,2026-01-05T09:10:00.000Z,ATTEMPT_REFUSED,,,U1MAKER,,,,,"{/);
    expect(rows.at(-1)).toBe("");
  });

  it("--since: events written at or after an instant", async () => {
    const since = new Date(new Date(START).getTime() + 8 * 60_000);
    expect((await jsonl({ since })).map((event) => event.seq)).toEqual([10, 11, 12]);
    expect(await jsonl({ since: new Date("2027-01-01") })).toEqual([]);
  });

  it("--request: the events of one request, including refused attempts on it", async () => {
    const types = async (requestNumber: number, since?: Date) =>
      (await jsonl({ requestNumber, since })).map((event) => event.type);
    expect(await types(trail.finished)).toEqual([
      "REQUEST_CREATED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
    expect(await types(trail.pending)).toEqual(["REQUEST_CREATED", "ATTEMPT_REFUSED"]);
    expect(await types(trail.finished, new Date("2026-01-05T09:02:00.000Z"))).toEqual([
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
    expect(await types(404)).toEqual([]);
  });
});
