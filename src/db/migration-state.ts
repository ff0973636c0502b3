import { readdir } from "node:fs/promises";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { MIGRATIONS_DIR } from "./migrate.ts";

export interface MigrationState {
  /** Migrations this code ships, oldest first. */
  readonly known: readonly string[];
  /** Known migrations the database has finished applying. */
  readonly applied: readonly string[];
  /** Known migrations the database has not applied yet (or whose run failed). */
  readonly pending: readonly string[];
  /** Migrations the database has that this code does not know: it is older than the schema. */
  readonly unknown: readonly string[];
}

/** The migrations prisma/migrations holds, in the order they apply. */
export async function knownMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Compares prisma/migrations with the database's `_prisma_migrations` history without changing
 * anything: what readiness checks and `npm run doctor` report, and what a start without
 * migrations refuses to run against.
 */
export async function readMigrationState(
  prisma: PrismaClient,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationState> {
  const known = await knownMigrations(dir);
  const [history] = await prisma.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`;
  const rows = history?.exists
    ? await prisma.$queryRaw<{ name: string }[]>`
        SELECT migration_name AS name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    : [];
  const done = new Set(rows.map((row) => row.name));
  return {
    known,
    applied: known.filter((name) => done.has(name)),
    pending: known.filter((name) => !done.has(name)),
    unknown: [...done].filter((name) => !known.includes(name)).sort(),
  };
}
