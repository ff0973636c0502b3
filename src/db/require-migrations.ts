import { DatabaseUnavailableError, describeError, SchemaVersionError } from "../core/errors.ts";
import type { Database } from "./database.ts";
import { type MigrationState, readMigrationState } from "./migration-state.ts";
import { type DatabaseTarget, describeTarget } from "./target.ts";

export const MIGRATE_COMMAND = "npm run db:migrate";

/**
 * For a start that may not migrate (MIGRATE_ON_START=false): refuses a database whose migrations
 * differ from this code's, before anything reads a table that may not be there yet.
 */
export async function requireMigrated(database: Database): Promise<void> {
  let state: MigrationState;
  try {
    state = await readMigrationState(database.prisma);
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot read which migrations ${describeTarget(database.target)} has: ${describeError(error)}`,
      { cause: error },
    );
  }
  const problem = schemaVersionProblem(state, database.target);
  if (problem) throw problem;
}

export function schemaVersionProblem(
  state: MigrationState,
  target: DatabaseTarget,
): SchemaVersionError | null {
  const where = describeTarget(target);
  // Checked first: migrating cannot fix it, and an older version must not write to a newer schema.
  if (state.unknown.length > 0) {
    return new SchemaVersionError(
      "DATABASE.MIGRATED_BY_NEWER_VERSION",
      `${where} was migrated by a newer version of four-eyes: it has ${count(state.unknown)} this version does not know (${state.unknown.join(", ")}). Start that version or a later one, not this one.`,
    );
  }
  if (state.pending.length > 0) {
    const how =
      target.kind === "postgres"
        ? "with DATABASE_URL set to the role that owns the schema"
        : "while the bot is stopped: PGlite serves one process at a time";
    return new SchemaVersionError(
      "DATABASE.MIGRATIONS_PENDING",
      `${where} is missing ${count(state.pending)} this version needs (${state.pending.join(", ")}), and MIGRATE_ON_START is false, so the bot does not apply them itself. Run \`${MIGRATE_COMMAND}\` first (${how}), then start the bot.`,
    );
  }
  return null;
}

function count(names: readonly string[]): string {
  return names.length === 1 ? "1 migration" : `${names.length} migrations`;
}
