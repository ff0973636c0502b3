import { randomUUID } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";
import {
  asPostgresAdmin,
  awaitTemplates,
  type DatabaseTemplates,
  postgresUrl,
} from "./templates.ts";

export type DatabaseKind = "pglite" | "postgres";

/**
 * The databases the integration suite runs on: PGlite always; PostgreSQL when TEST_DATABASE_URL
 * is set. When it is set but unreachable, the suite fails rather than quietly skipping it.
 */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase extends Database {
  /** Drops what was created for this test (the whole PostgreSQL database). */
  destroy(): Promise<void>;
  /** Runs SQL as the superuser, outside Prisma: for tampering in verify tests. */
  sql(text: string): Promise<void>;
}

let built: Promise<DatabaseTemplates> | undefined;

function templates(): Promise<DatabaseTemplates> {
  const plan = inject("databaseTemplates");
  if (!plan) throw new Error("No database templates: run the tests through vitest.config.ts");
  built ??= awaitTemplates(plan.dir);
  return built;
}

/**
 * Puts a PGlite database into `DATA_DIR/pglite`, where the bot and the CLIs look: with every
 * migration applied, or (`empty`) initialised with none. Copying takes a fraction of a fresh start.
 */
export async function seedDataDir(dataDir: string, schema: "migrated" | "empty" = "migrated") {
  const { pgliteMigrated, pgliteEmpty } = await templates();
  await cp(schema === "migrated" ? pgliteMigrated : pgliteEmpty, path.join(dataDir, "pglite"), {
    recursive: true,
  });
}

/**
 * A database of its own for a test. Empty by default (PGlite: initialised, copied from the run's
 * empty template), so opening it runs the real migrations; `migrated: true` copies the run's
 * migrated template instead (a PGlite directory, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export async function createTestTarget(
  kind: DatabaseKind,
  options: { migrated?: boolean } = {},
): Promise<{
  target: DatabaseTarget;
  drop(): Promise<void>;
}> {
  if (kind === "pglite") {
    const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-test-db-"));
    await seedDataDir(dir, options.migrated ? "migrated" : "empty");
    return {
      target: { kind: "pglite", dataDir: path.join(dir, "pglite") },
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `four_eyes_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const template = options.migrated ? (await templates()).postgresMigrated : null;
  if (options.migrated && !template) throw new Error("No PostgreSQL template was built");
  await asPostgresAdmin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  return {
    target: { kind: "postgres", url: postgresUrl(name) },
    drop: () => asPostgresAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A migrated database of its own, open, for a test file (copied from the run's template). */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const { target, drop } = await createTestTarget(kind, { migrated: true });
  const database = await openDatabase(target, { migrate: false });
  return {
    ...database,
    sql: async (text) => {
      await database.prisma.$executeRawUnsafe(text);
    },
    destroy: async () => {
      await database.close();
      await drop();
    },
  };
}
