import type { Worker } from "node:worker_threads";
import { messages } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPGlite } from "../../src/db/adapters.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { PGliteWorkerHost, startWorker } from "../../src/db/pglite-host.ts";
import { createTestTarget, databaseKinds } from "../support/database.ts";

/**
 * The bot runs PGlite in a worker thread (src/db/pglite-host.ts). What crosses the thread
 * boundary must come back as it would from PGlite in-process, or from PostgreSQL.
 */
describe.each(databaseKinds)("values and transactions through Prisma (%s)", (kind) => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestTarget(kind, { migrated: true });
    drop = test.drop;
    database = await openDatabase(test.target, { migrate: false });
    await database.prisma.$executeRawUnsafe("CREATE TABLE worker_probe (n int PRIMARY KEY)");
  });

  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  // Bytes are left out: Prisma sends raw bytes parameters as base64 text, which PGlite refuses
  // in-process too (the schema has no bytes column); the worker's own test covers Uint8Array.
  it("round-trips dates, bigints, JSON, arrays and NULL", async () => {
    const at = new Date("2026-12-04T10:11:12.345Z");
    const [row] = await database.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      "SELECT $1::timestamptz AS at, $2::int8 AS big, $3::jsonb AS doc, $4::text[] AS list, $5::int4[] AS numbers, NULL::text AS nothing",
      at,
      9_007_199_254_740_993n,
      JSON.stringify({ a: [1, "x"], b: null }),
      ["one", "two, three"],
      [1, 2],
    );
    expect(row).toEqual({
      at,
      big: 9_007_199_254_740_993n,
      doc: { a: [1, "x"], b: null },
      list: ["one", "two, three"],
      numbers: [1, 2],
      nothing: null,
    });
  });

  it("reports PostgreSQL's code and message for a failed statement", async () => {
    await database.prisma.$executeRawUnsafe("INSERT INTO worker_probe VALUES (1)");
    await expect(
      database.prisma.$executeRawUnsafe("INSERT INTO worker_probe VALUES (1)"),
    ).rejects.toThrow(/Code: `23505`. Message: `.*duplicate key value violates unique constraint/);
  });

  it("commits an interactive transaction's statements together, and rolls back a failed one", async () => {
    await database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("INSERT INTO worker_probe VALUES (10)");
      await tx.$executeRawUnsafe("INSERT INTO worker_probe VALUES (11)");
    });
    await expect(
      database.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO worker_probe VALUES (20)");
        await tx.$executeRawUnsafe("INSERT INTO worker_probe VALUES (10)");
      }),
    ).rejects.toThrow(/23505/);
    const rows = await database.prisma.$queryRawUnsafe<{ n: number }[]>(
      "SELECT n FROM worker_probe WHERE n >= 10 ORDER BY n",
    );
    expect(rows.map((r) => r.n)).toEqual([10, 11]);
  });
});

describe("PGlite's worker thread", () => {
  let drops: (() => Promise<void>)[] = [];
  let adapter: Awaited<ReturnType<typeof openPGlite>>;

  async function migratedDir(): Promise<string> {
    const test = await createTestTarget("pglite", { migrated: true });
    drops.push(test.drop);
    return (test.target as { dataDir: string }).dataDir;
  }

  beforeAll(async () => {
    adapter = await openPGlite(await migratedDir());
    await adapter.db.exec("CREATE TABLE t (n int CONSTRAINT t_pk PRIMARY KEY)");
  });

  afterAll(async () => {
    await adapter?.close();
    for (const drop of drops) await drop();
    drops = [];
  });

  it("round-trips parameters and values: Date, bigint, Uint8Array, JSON, arrays, NULL", async () => {
    const at = new Date("2026-12-04T10:11:12.345Z");
    const { rows } = await adapter.db.query(
      "SELECT $1::timestamptz AS at, $2::int8::text AS big, $3::bytea AS bytes, $4::jsonb AS doc, $5::text[] AS list, NULL::int AS nothing",
      [at, 9_007_199_254_740_993n, new Uint8Array([0, 1, 254, 255]), { a: [1, "x"] }, ["a", "b c"]],
    );
    expect(rows).toEqual([
      {
        at,
        big: "9007199254740993",
        bytes: new Uint8Array([0, 1, 254, 255]),
        doc: { a: [1, "x"] },
        list: ["a", "b c"],
        nothing: null,
      },
    ]);
  });

  it("applies the caller's parsers, which cannot cross, on the bot's thread", async () => {
    const { rows } = await adapter.db.query("SELECT '\\x0102'::bytea AS b, 7::int8 AS n", [], {
      rowMode: "array",
      parsers: { 17: (text: string) => `parsed ${text}` },
    });
    expect(rows).toEqual([["parsed \\x0102", 7]]);
  });

  it("hands back PostgreSQL's error fields on a real DatabaseError", async () => {
    await adapter.db.query("INSERT INTO t VALUES (1)");
    const error = await adapter.db.query("INSERT INTO t VALUES (1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({
      code: "23505",
      severity: "ERROR",
      constraint: "t_pk",
      detail: "Key (n)=(1) already exists.",
      message: 'duplicate key value violates unique constraint "t_pk"',
    });
  });

  it("holds other statements until an open transaction ends, and runs the transaction's own", async () => {
    const { db } = adapter;
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES (2)");
      outside = db.query("SELECT count(*)::int AS count FROM t WHERE n > 1");
      await tx.query("INSERT INTO t VALUES (3)");
    });
    // Had it run inside the transaction's time, it would have seen one row, or none.
    await expect(outside).resolves.toMatchObject({ rows: [{ count: 2 }] });
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES (4)");
      await tx.rollback();
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES (5)");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const { rows } = await db.query("SELECT n FROM t WHERE n > 1 ORDER BY n");
    expect(rows).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("fails waiting and later calls, instead of hanging, when the thread dies", async () => {
    let worker: Worker | undefined;
    const host = await PGliteWorkerHost.open(
      { dataDir: await migratedDir(), settings: [] },
      (setup) => {
        worker = startWorker(setup);
        return worker;
      },
    );
    const waiting = host.query("SELECT pg_sleep(5)");
    await worker?.terminate();
    await expect(waiting).rejects.toThrow(/database is unavailable: PGlite's worker thread exited/);
    await expect(host.query("SELECT 1")).rejects.toThrow(/database is unavailable/);
    expect(host.closed).toBe(true);
    await host.close();
  });
});
