import { randomUUID } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/db/database.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";

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

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  return url;
}

export async function createTestTarget(kind: DatabaseKind): Promise<{
  target: DatabaseTarget;
  drop(): Promise<void>;
}> {
  if (kind === "pglite") {
    return { target: { kind: "pglite", dataDir: "memory://" }, drop: async () => {} };
  }
  const name = `four_eyes_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    target: { kind: "postgres", url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const { target, drop } = await createTestTarget(kind);
  const database = await openDatabase(target);
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
