/**
 * Throw-away databases for one benchmark run: a fresh PostgreSQL database on the local server (or
 * BENCH_DATABASE_URL), or a PGlite directory on disk, as the bot uses it in production.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type DatabaseTarget, databaseTarget } from "../../src/db/target.ts";

export type EngineName = "pglite" | "postgres";
export const ENGINE_NAMES: readonly EngineName[] = ["postgres", "pglite"];
export const ENGINE_LABEL: Record<EngineName, string> = {
  postgres: "PostgreSQL",
  pglite: "PGlite",
};

const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  readonly engine: EngineName;
  readonly target: DatabaseTarget;
  /** A directory of its own: PGlite's data, or the bot's DATA_DIR next to a PostgreSQL database. */
  readonly dataDir: string;
  /** What the bot reads to find it: DATABASE_URL, or DATA_DIR alone for PGlite. */
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function scratchDatabase(engine: EngineName): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "four-eyes-bench-"));
  if (engine === "pglite") {
    return {
      engine,
      target: databaseTarget(undefined, dataDir),
      dataDir,
      env: { DATA_DIR: dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `four_eyes_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    target: { kind: "postgres", url: url.toString() },
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    drop: async () => {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function withScratchDatabase<T>(
  engine: EngineName,
  work: (database: ScratchDatabase) => Promise<T>,
): Promise<T> {
  const database = await scratchDatabase(engine);
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

/** "PostgreSQL 15.20" of the server the benchmarks use. */
export async function postgresVersion(): Promise<string> {
  const { rows } = await admin((client) =>
    client.query<{ server_version: string }>("SHOW server_version"),
  );
  return `PostgreSQL ${rows[0]?.server_version.split(" ")[0] ?? "?"}`;
}
