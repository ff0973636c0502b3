import { stat } from "node:fs/promises";
import path from "node:path";
import { describeError } from "../core/errors.ts";
import { type Database, openDatabase } from "../db/database.ts";
import type { MigrationState } from "../db/migration-state.ts";
import { migrationState } from "../db/ports.ts";
import { type DatabaseTarget, describeTarget } from "../db/target.ts";
import { type CheckResult, count, failed, passed, warning } from "./check-result.ts";

export interface DatabaseCheck {
  readonly result: CheckResult;
  /**
   * Open, for the checks that look inside, when the schema is the one this code expects (no
   * pending migrations); the caller closes it.
   */
  readonly database?: Database;
  /** Why the inside was not looked at, completing "not compared with the trail: …". */
  readonly notInspected?: string;
}

/**
 * Connects and compares the applied migrations with prisma/migrations, changing nothing: no
 * migration runs, and an embedded database that does not exist is not created.
 */
export async function checkDatabase(
  target: DatabaseTarget,
  options: { readonly migrateOnStart?: boolean } = {},
): Promise<DatabaseCheck> {
  const where = describeTarget(target);
  if (target.kind === "pglite") {
    const blocked = await pgliteBlocked(target.dataDir);
    if (blocked) return { ...blocked, notInspected: "the database was not opened" };
  }
  let database: Database;
  try {
    database = await openDatabase(target, { migrate: false, poolSize: 1 });
  } catch (error) {
    return {
      result: failed(`Database: ${describeError(error)}`, { fix: connectionFix(error, target) }),
      notInspected: "the database could not be opened",
    };
  }
  let state: MigrationState;
  try {
    state = await migrationState(database);
  } catch (error) {
    await database.close();
    return {
      result: failed(`Database: ${where}: cannot read its migrations: ${describeError(error)}`, {
        fix: "Check that the database user may read the _prisma_migrations table.",
      }),
      notInspected: "its migrations could not be read",
    };
  }
  const result = migrationResult(where, state, target, options.migrateOnStart ?? false);
  if (state.pending.length > 0) {
    await database.close();
    return { result, notInspected: "the migrations are not applied yet" };
  }
  return { result, database };
}

function migrationResult(
  where: string,
  state: MigrationState,
  target: DatabaseTarget,
  migrateOnStart: boolean,
) {
  const { applied, pending, unknown, known } = state;
  // npm start applies them itself then: worth knowing, nothing to fix.
  if (migrateOnStart && pending.length > 0 && unknown.length === 0) {
    return warning(
      `Database: ${where}: ${count(pending.length, "migration")} to apply (${pending.join(", ")}); the bot applies them when it starts (MIGRATE_ON_START)`,
    );
  }
  const problems: string[] = [];
  const fixes: string[] = [];
  if (pending.length > 0) {
    problems.push(
      applied.length === 0
        ? `no migrations applied yet (${count(known.length, "migration")} to apply)`
        : `${count(pending.length, "migration")} not applied: ${pending.join(", ")}`,
    );
    fixes.push(
      target.kind === "pglite"
        ? "Run npm run db:migrate (with the bot stopped: PGlite serves one process at a time)."
        : "Run npm run db:migrate.",
    );
  }
  if (unknown.length > 0) {
    problems.push(
      `it has ${count(unknown.length, "migration")} this version does not know (${unknown.join(", ")}): a newer version of four-eyes migrated it`,
    );
    fixes.push(
      "Run the newer version of four-eyes against this database (an older one may not understand its data), or point this one at another database.",
    );
  }
  if (problems.length > 0) {
    return failed(`Database: ${where}: ${problems.join("; ")}`, { fix: fixes.join(" ") });
  }
  return passed(`Database: ${where}, ${count(applied.length, "migration")} applied`);
}

/**
 * PGlite would create a database in a directory that does not exist (a mistyped DATA_DIR), and
 * two processes must never open one directory at once: PostgreSQL's postmaster.pid, there while
 * a process has it open, keeps the doctor out of a running bot's database.
 */
async function pgliteBlocked(dataDir: string): Promise<Pick<DatabaseCheck, "result"> | undefined> {
  const where = `embedded PGlite in ${dataDir}`;
  if (!(await isDirectory(dataDir))) {
    return {
      result: warning(`Database: no ${where} yet`, {
        fix: "npm start (or npm run db:migrate) creates it. If the bot has run before, set DATA_DIR to the directory it used.",
      }),
    };
  }
  if (await exists(path.join(dataDir, "postmaster.pid"))) {
    return {
      result: warning(`Database: ${where} is open in another process; not checked`, {
        fix: "Stop the bot, then run npm run doctor again (PGlite serves one process at a time). If no bot is running, the last one stopped without closing the database; npm start recovers it.",
      }),
    };
  }
  return undefined;
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Error codes of the failure and of what caused it (Node reports a refused "localhost" as several). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 3 || typeof value !== "object" || value === null) return;
    const { code, cause, errors } = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") codes.push(code);
    visit(cause, depth + 1);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return codes;
}

function connectionFix(error: unknown, target: DatabaseTarget): string {
  if (target.kind === "pglite") {
    return "Check that DATA_DIR is the bot's data directory and that this user may read and write it.";
  }
  const codes = codesOf(error);
  const message = describeError(error);
  if (codes.includes("ECONNREFUSED")) {
    return "Nothing accepts connections at that host and port: start PostgreSQL, or correct the host and port in DATABASE_URL.";
  }
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) {
    return "The host name does not resolve: correct the host in DATABASE_URL, or run where your DNS knows it.";
  }
  if (codes.includes("28P01") || codes.includes("28000")) {
    return "PostgreSQL refused the login: check the user and password in DATABASE_URL (and that pg_hba.conf lets this machine in).";
  }
  if (codes.includes("3D000")) {
    return "The database does not exist on that server: create it (createdb …) or correct its name in DATABASE_URL.";
  }
  if (codes.includes("ETIMEDOUT") || /timeout/i.test(message)) {
    return "No answer in time: check that a firewall or security group lets this machine reach the database's port.";
  }
  return "Check DATABASE_URL and that the PostgreSQL server is running and reachable from here.";
}
