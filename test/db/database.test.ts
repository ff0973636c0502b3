import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "../../src/core/errors.ts";
import { openDatabase } from "../../src/db/database.ts";
import { readMigrationState } from "../../src/db/migration-state.ts";
import { maskDatabaseUrl } from "../../src/db/target.ts";
import { createTestTarget, databaseKinds } from "../support/database.ts";

describe("openDatabase", () => {
  it("says which PostgreSQL could not be reached and why, with the password masked", async () => {
    const url = "postgres://bot:hunter2@127.0.0.1:1/four_eyes";
    const error = await openDatabase({ kind: "postgres", url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe(
      "Cannot use PostgreSQL at postgres://bot:****@127.0.0.1:1/four_eyes: connect ECONNREFUSED 127.0.0.1:1",
    );
  });

  it("masks passwords, and never shows an URL it cannot parse", () => {
    expect(maskDatabaseUrl("postgresql://u:p%40ss@h:5432/d?sslmode=require")).toBe(
      "postgresql://u:****@h:5432/d?sslmode=require",
    );
    expect(maskDatabaseUrl("postgres://u:pa ss@[bad")).toBe("postgres://(unparseable URL)");
  });

  const MIGRATIONS = [
    "20261123000000_init",
    "20261123100000_outbox",
    "20261123200000_home",
    "20261124000000_schedule",
    "20261124100000_policies",
    "20261125000000_history_grants",
    "20261126000000_execution_lease",
    "20261126100000_refusal_tallies",
    "20261203100000_break_glass_second_look",
    "20261204100000_one_trip_writes",
    "20261204200000_workflow_steps",
    "20261204300000_audit_sinks",
  ];

  it("creates a PGlite directory, migrates it once, and reopens it private with nothing to apply", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-db-"));
    try {
      const target = { kind: "pglite" as const, dataDir: path.join(dir, "nested", "pglite") };
      const first = await openDatabase(target);
      expect(first.applied).toEqual(MIGRATIONS);
      await first.close();
      // A directory an older version left readable by everyone is made private at open.
      const version = path.join(target.dataDir, "PG_VERSION");
      await chmod(target.dataDir, 0o755);
      await chmod(version, 0o666);
      const second = await openDatabase(target);
      expect((await stat(target.dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(version)).mode & 0o777).toBe(0o600);
      expect(second.applied).toEqual([]);
      expect(await second.prisma.request.count()).toBe(0);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe.each(databaseKinds)("on %s", (kind) => {
    let drop: (() => Promise<void>) | undefined;
    afterAll(() => drop?.());

    it("records migrations in _prisma_migrations as Prisma Migrate does", async () => {
      const created = await createTestTarget(kind);
      drop = created.drop;
      const db = await openDatabase(created.target);
      try {
        const rows = await db.prisma.$queryRaw<{ migration_name: string; finished: boolean }[]>`
          SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations
          ORDER BY migration_name`;
        expect(rows).toEqual(MIGRATIONS.map((name) => ({ migration_name: name, finished: true })));
      } finally {
        await db.close();
      }
    });

    it("reads the migration state without changing it: pending, applied, unknown", async () => {
      const created = await createTestTarget(kind);
      const bare = await openDatabase(created.target, { migrate: false });
      try {
        expect(await readMigrationState(bare.prisma)).toEqual({
          known: MIGRATIONS,
          applied: [],
          pending: MIGRATIONS,
          unknown: [],
        });
      } finally {
        await bare.close();
      }
      const db = await openDatabase(created.target);
      try {
        await db.prisma.$executeRaw`
          UPDATE _prisma_migrations SET migration_name = '20990101000000_from_the_future'
          WHERE migration_name = ${MIGRATIONS.at(-1)}`;
        expect(await readMigrationState(db.prisma)).toEqual({
          known: MIGRATIONS,
          applied: MIGRATIONS.slice(0, -1),
          pending: [MIGRATIONS.at(-1)],
          unknown: ["20990101000000_from_the_future"],
        });
      } finally {
        await db.close();
        await created.drop();
      }
    });
  });
});
