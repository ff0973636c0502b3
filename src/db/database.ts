import { DatabaseUnavailableError, describeError } from "../core/errors.ts";
import { PrismaClient } from "../generated/prisma/client.ts";
import {
  type OpenAdapter,
  openPGlite,
  openPostgres,
  openPostgresForMigrations,
} from "./adapters.ts";
import { applyMigrations } from "./migrate.ts";
import { readMigrationState } from "./migration-state.ts";
import { type DatabaseTarget, describeTarget, maskDatabaseUrl } from "./target.ts";

export interface Database {
  readonly prisma: PrismaClient;
  readonly target: DatabaseTarget;
  /** Migrations this start applied (empty when the schema was already current). */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  readonly migrate?: boolean;
  readonly poolSize?: number;
}

/**
 * Connects, checks the database answers, applies pending migrations, and hands back a client.
 * Anything that goes wrong before the client exists is one DatabaseUnavailableError whose message
 * names the database (password masked) and the reason.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const migrate = options.migrate ?? true;
  let adapter: OpenAdapter | undefined;
  let prisma: PrismaClient | undefined;
  let applied: string[] = [];
  try {
    if (target.kind === "postgres") {
      adapter = openPostgres(target.url, { poolSize: options.poolSize });
      await adapter.probe();
    } else {
      adapter = await openPGlite(target.dataDir);
    }
    prisma = new PrismaClient({ adapter: adapter.factory });
    const factory = adapter.factory;
    if (migrate && (await needsMigrating(prisma))) {
      applied =
        target.kind === "postgres"
          ? await migratePostgres(target.url)
          : await applyMigrations(factory);
    }
  } catch (error) {
    await prisma?.$disconnect().catch(() => {});
    await adapter?.close().catch(() => {});
    throw new DatabaseUnavailableError(
      `Cannot use ${describeTarget(target)}: ${reasonOf(error, target)}`,
      { cause: error },
    );
  }
  const opened = adapter;
  return {
    prisma,
    target,
    applied,
    close: async () => {
      await prisma.$disconnect();
      await opened.close();
    },
  };
}

/**
 * Whether Prisma's schema engine has anything to do. It is WebAssembly that stays in memory for
 * the life of the process once loaded (about 30 MB), so a start on a current database, the usual
 * case, does not load it. Failed and unknown migrations are left to the engine to report.
 */
async function needsMigrating(prisma: PrismaClient): Promise<boolean> {
  const state = await readMigrationState(prisma);
  return state.pending.length > 0 || state.unknown.length > 0;
}

async function migratePostgres(url: string): Promise<string[]> {
  const migrations = openPostgresForMigrations(url);
  try {
    return await applyMigrations(migrations.factory);
  } finally {
    await migrations.close();
  }
}

/** The most useful one-line reason: Node reports a refused "localhost" as an AggregateError. */
function reasonOf(error: unknown, target: DatabaseTarget): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map((inner) => describeError(inner)))].join("; ");
  }
  const message = describeError(error) || (error as { code?: string })?.code || "unknown error";
  // Drivers sometimes echo the connection string; never let a password through.
  return target.kind === "postgres"
    ? message.replaceAll(target.url, maskDatabaseUrl(target.url))
    : message;
}
