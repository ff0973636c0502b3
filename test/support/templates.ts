import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { isRunning } from "../../src/core/processes.ts";
import { openDatabase } from "../../src/db/database.ts";

/**
 * Databases made once per test run (vitest globalSetup) and copied by each test that needs one:
 * a new PGlite costs seconds (initdb in WebAssembly), a copy of its directory a fraction of that;
 * on PostgreSQL, CREATE DATABASE … TEMPLATE skips running the migrations again.
 */
export interface DatabaseTemplates {
  /** A PGlite data directory, initialised, with no migration applied. */
  readonly pgliteEmpty: string;
  /** A PGlite data directory with every migration applied. */
  readonly pgliteMigrated: string;
  /** A PostgreSQL database with every migration applied (TEST_DATABASE_URL set), to copy. */
  readonly postgresMigrated: string | null;
}

/** Where globalSetup builds them, and what it builds on PostgreSQL. */
export interface TemplatesPlan {
  readonly dir: string;
  readonly postgres: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplates: TemplatesPlan;
  }
}

export const TEMPLATES_RESULT = "templates.json";

const DIR_PREFIX = "four-eyes-test-templates-";

/** One name per run: other runs may share the server, and each drops only its own. */
export async function planTemplates(): Promise<TemplatesPlan> {
  await removeAbandoned();
  return {
    dir: await mkdtemp(path.join(tmpdir(), `${DIR_PREFIX}${process.pid}-`)),
    postgres: process.env.TEST_DATABASE_URL
      ? `four_eyes_template_${randomUUID().replaceAll("-", "").slice(0, 16)}`
      : null,
  };
}

/** Template directories of runs that were killed before their teardown (their process is gone). */
async function removeAbandoned(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = Number(
      name.startsWith(DIR_PREFIX) ? name.slice(DIR_PREFIX.length).split("-")[0] : NaN,
    );
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
      await rm(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/** The server TEST_DATABASE_URL names, with another database on it. */
export function postgresUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement as TEST_DATABASE_URL's user, on its own connection. */
export async function asPostgresAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function buildPGlite(dir: string) {
  const pgliteEmpty = path.join(dir, "empty");
  const pgliteMigrated = path.join(dir, "migrated");
  await (await openDatabase({ kind: "pglite", dataDir: pgliteEmpty }, { migrate: false })).close();
  await cp(pgliteEmpty, pgliteMigrated, { recursive: true });
  await (await openDatabase({ kind: "pglite", dataDir: pgliteMigrated })).close();
  return { pgliteEmpty, pgliteMigrated };
}

async function buildPostgres(name: string): Promise<string> {
  await asPostgresAdmin(`CREATE DATABASE ${name}`);
  // Closed before any copy: CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
  await (await openDatabase({ kind: "postgres", url: postgresUrl(name) })).close();
  return name;
}

/** Builds every template the plan names, then writes their description for `awaitTemplates`. */
export async function buildTemplates(plan: TemplatesPlan): Promise<void> {
  const result = path.join(plan.dir, TEMPLATES_RESULT);
  try {
    // One after the other: the schema engine (one WebAssembly instance per process) runs one
    // migration at a time; two at once fail with "External error".
    const pglite = await buildPGlite(plan.dir);
    const postgresMigrated = plan.postgres ? await buildPostgres(plan.postgres) : null;
    const templates: DatabaseTemplates = { ...pglite, postgresMigrated };
    await writeFile(result, JSON.stringify({ templates }));
  } catch (error) {
    await writeFile(result, JSON.stringify({ problem: withCauses(error) }));
  }
}

/** The error's stack and every cause under it: the driver's own words are often in the last. */
function withCauses(error: unknown): string {
  const lines: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 5; depth += 1) {
    lines.push(at instanceof Error ? (at.stack ?? at.message) : JSON.stringify(at));
    at = at instanceof Error ? at.cause : undefined;
  }
  return lines.join("\ncaused by: ");
}

/** The templates being built in `dir`, once they are there. */
export async function awaitTemplates(dir: string): Promise<DatabaseTemplates> {
  // A bound only for a build that hangs: it takes seconds, a minute on a very busy machine.
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const text = await readFile(path.join(dir, TEMPLATES_RESULT), "utf8").catch(() => null);
    if (text) {
      const written = JSON.parse(text) as { templates?: DatabaseTemplates; problem?: string };
      if (written.templates) return written.templates;
      throw new Error(`Could not build the test database templates: ${written.problem}`);
    }
    if (Date.now() > deadline) throw new Error(`No test database templates in ${dir} after 5 min`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
