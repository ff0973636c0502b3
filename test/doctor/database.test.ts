import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { knownMigrations } from "../../src/db/migration-state.ts";
import { checkDatabase } from "../../src/doctor/database.ts";
import { createTestTarget, databaseKinds, seedDataDir } from "../support/database.ts";

const MIGRATIONS = (await knownMigrations()).length;

describe("checkDatabase", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-db-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("explains an unreachable PostgreSQL, password masked", async () => {
    const url = "postgres://bot:hunter2@127.0.0.1:1/four_eyes";
    const found = await checkDatabase({ kind: "postgres", url });
    expect(found.result).toEqual({
      status: "fail",
      title:
        "Database: Cannot use PostgreSQL at postgres://bot:****@127.0.0.1:1/four_eyes: connect ECONNREFUSED 127.0.0.1:1",
      fix: "Nothing accepts connections at that host and port: start PostgreSQL, or correct the host and port in DATABASE_URL.",
    });
    expect(found.database).toBeUndefined();
    expect(found.notInspected).toBe("the database could not be opened");
  });

  it("warns that an embedded database does not exist yet, and does not create it", async () => {
    const dataDir = path.join(dir, "never-started", "pglite");
    const found = await checkDatabase({ kind: "pglite", dataDir });
    expect(found.result).toMatchObject({
      status: "warn",
      title: `Database: no embedded PGlite in ${dataDir} yet`,
    });
    await expect(stat(path.join(dir, "never-started"))).rejects.toThrow(/ENOENT/);
  });

  it("stays out of an embedded database another process has open", async () => {
    await seedDataDir(path.join(dir, "in-use"), "empty");
    const dataDir = path.join(dir, "in-use", "pglite");
    const other = await openDatabase({ kind: "pglite", dataDir }, { migrate: false });
    try {
      const found = await checkDatabase({ kind: "pglite", dataDir });
      expect(found.result).toMatchObject({
        status: "warn",
        title: `Database: embedded PGlite in ${dataDir} is open in another process; not checked`,
        fix: expect.stringMatching(/^Stop the bot, then run npm run doctor again/),
      });
    } finally {
      await other.close();
    }
  });

  it("reports pending migrations without applying them", async () => {
    await seedDataDir(path.join(dir, "fresh"), "empty");
    const dataDir = path.join(dir, "fresh", "pglite");
    for (let run = 0; run < 2; run += 1) {
      const found = await checkDatabase({ kind: "pglite", dataDir });
      expect(found.result).toEqual({
        status: "fail",
        title: `Database: embedded PGlite in ${dataDir}: no migrations applied yet (${MIGRATIONS} migrations to apply)`,
        fix: "Run npm run db:migrate (with the bot stopped: PGlite serves one process at a time).",
      });
      expect(found.database).toBeUndefined();
    }
  });

  it("passes a migrated embedded database and hands it over open", async () => {
    await seedDataDir(path.join(dir, "migrated"));
    const dataDir = path.join(dir, "migrated", "pglite");
    const found = await checkDatabase({ kind: "pglite", dataDir });
    try {
      expect(found.result).toEqual({
        status: "ok",
        title: `Database: embedded PGlite in ${dataDir}, ${MIGRATIONS} migrations applied`,
      });
      expect(await found.database?.prisma.request.count()).toBe(0);
    } finally {
      await found.database?.close();
    }
  });

  describe.each(databaseKinds)("on %s", (kind) => {
    let target: Parameters<typeof checkDatabase>[0];
    let drop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ target, drop } = await createTestTarget(kind, { migrated: true }));
    });
    afterAll(() => drop());

    it("says a newer version migrated a database with migrations it does not know", async () => {
      const database = await openDatabase(target, { migrate: false });
      await database.prisma.$executeRawUnsafe(`
        INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
        VALUES ('future', 'x', '20991231000000_from_the_future', now(), now(), 1)`);
      await database.close();
      const found = await checkDatabase(target);
      await found.database?.close();
      expect(found.result).toMatchObject({
        status: "fail",
        title: expect.stringMatching(
          /: it has 1 migration this version does not know \(20991231000000_from_the_future\): a newer version of four-eyes migrated it$/,
        ),
        fix: expect.stringMatching(/^Run the newer version of four-eyes/),
      });
    });
  });

  it.runIf(process.env.TEST_DATABASE_URL)("says when the database does not exist", async () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? "");
    url.pathname = "/four_eyes_doctor_no_such_database";
    const found = await checkDatabase({ kind: "postgres", url: url.toString() });
    expect(found.result.status).toBe("fail");
    expect(found.result.fix).toMatch(/^The database does not exist on that server: create it/);
  });
});
