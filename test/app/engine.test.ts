import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine } from "../../src/app/engine.ts";
import { loadEngineConfig } from "../../src/config/engine-config.ts";
import { SchemaVersionError } from "../../src/core/errors.ts";
import { openDatabase } from "../../src/db/database.ts";
import { knownMigrations, readMigrationState } from "../../src/db/migration-state.ts";
import { databaseTarget } from "../../src/db/target.ts";
import { createTestTarget, databaseKinds, seedDataDir } from "../support/database.ts";

const AUDIT_KEY = "engine-test-audit-key-engine-test-audit-key";

describe.each(databaseKinds)("startEngine with MIGRATE_ON_START=false, on %s", (kind) => {
  let dir: string;
  let databaseUrl: string | undefined;
  let drop: () => Promise<void> = async () => {};
  let migrations: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-engine-"));
    await writeFile(path.join(dir, "actions.yml"), "actions: []\n");
    if (kind === "postgres") {
      const created = await createTestTarget("postgres");
      databaseUrl = created.target.kind === "postgres" ? created.target.url : undefined;
      drop = created.drop;
    } else {
      // Initialised, never migrated: copied, to skip PGlite's seconds-long initdb.
      await seedDataDir(dir, "empty");
    }
    migrations = await knownMigrations();
  });
  afterAll(async () => {
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  const config = (migrateOnStart: "true" | "false") =>
    loadEngineConfig({
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      ACTIONS_FILE: path.join(dir, "actions.yml"),
      AUDIT_KEY,
      MIGRATE_ON_START: migrateOnStart,
    });

  /** The database the engine opens, for arranging its migration history behind its back. */
  async function withDatabase<T>(
    work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
  ): Promise<T> {
    const db = await openDatabase(databaseTarget(databaseUrl, dir), { migrate: false });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  async function refusal(): Promise<SchemaVersionError> {
    const error = await startEngine(config("false"), { env: {} }).then(
      async (engine) => {
        await engine.close();
        throw new Error("the engine started");
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaVersionError);
    return error as SchemaVersionError;
  }

  it("refuses a database never migrated, naming every migration and the command, and changes nothing", async () => {
    const error = await refusal();
    expect(error.code).toBe("DATABASE.MIGRATIONS_PENDING");
    expect(error.message).toContain(
      `is missing ${migrations.length} migrations this version needs (${migrations.join(", ")})`,
    );
    expect(error.message).toContain(
      "MIGRATE_ON_START is false, so the bot does not apply them itself. Run `npm run db:migrate` first",
    );
    expect(error.message).toContain(
      kind === "postgres"
        ? "first (with DATABASE_URL set to the role that owns the schema), then start the bot."
        : "first (while the bot is stopped: PGlite serves one process at a time), then start the bot.",
    );
    expect(await withDatabase((db) => readMigrationState(db.prisma))).toMatchObject({
      applied: [],
      pending: migrations,
    });
  });

  it("starts on a migrated database without migrating", async () => {
    const migrated = await openDatabase(databaseTarget(databaseUrl, dir));
    expect(migrated.applied).toEqual(migrations);
    await migrated.close();

    const engine = await startEngine(config("false"), { env: {} });
    try {
      expect(engine.database.applied).toEqual([]);
      expect(await engine.database.prisma.request.count()).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it("refuses when one migration is missing, naming only that one", async () => {
    const last = migrations.at(-1) as string;
    const removed = await withDatabase(async (db) => {
      const [row] = await db.prisma.$queryRaw<Record<string, unknown>[]>`
        DELETE FROM _prisma_migrations WHERE migration_name = ${last} RETURNING *`;
      return row as Record<string, unknown>;
    });
    try {
      const error = await refusal();
      expect(error.code).toBe("DATABASE.MIGRATIONS_PENDING");
      expect(error.message).toContain(`is missing 1 migration this version needs (${last})`);
    } finally {
      await withDatabase(
        (db) =>
          db.prisma.$executeRaw`
          INSERT INTO _prisma_migrations
            (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
          VALUES (${removed.id as string}, ${removed.checksum as string}, ${last},
                  now(), now(), 1)`,
      );
    }
  });

  it("refuses a database a newer version migrated", async () => {
    const future = "20990101000000_from_the_future";
    await withDatabase(
      (db) => db.prisma.$executeRaw`
        INSERT INTO _prisma_migrations
          (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
        VALUES (${randomUUID()}, 'checksum', ${future}, now(), now(), 1)`,
    );
    const error = await refusal();
    expect(error.code).toBe("DATABASE.MIGRATED_BY_NEWER_VERSION");
    expect(error.message).toContain(
      `was migrated by a newer version of four-eyes: it has 1 migration this version does not know (${future}). Start that version or a later one, not this one.`,
    );
  });
});
