/** What tampering needs: raw SQL as the table owner, which is what a database admin has. */
export interface Sql {
  sql(text: string): Promise<void>;
}

const TRIGGER = "audit_events_no_update_or_delete";

/** Runs `statements` with the append-only trigger off, as an admin determined to edit could. */
export async function bypassingTrigger(db: Sql, statements: readonly string[]): Promise<void> {
  await db.sql(`ALTER TABLE audit_events DISABLE TRIGGER ${TRIGGER}`);
  try {
    for (const statement of statements) await db.sql(statement);
  } finally {
    await db.sql(`ALTER TABLE audit_events ENABLE TRIGGER ${TRIGGER}`);
  }
}

export interface Tampering {
  /**
   * WHERE clause for the audit_events rows the tampering touches: saved before, and after it,
   * the rows it then matches are deleted and the saved ones put back.
   */
  readonly events?: string;
  /** Same for requests rows. Pick rows no other request references (see populate). */
  readonly requests?: string;
  readonly sql: readonly string[];
}

/**
 * Tampers, runs `check`, then restores the touched rows exactly, so one database can serve a
 * series of tampering tests (each PGlite costs seconds to open).
 */
export async function whileTampered<T>(
  db: Sql,
  tampering: Tampering,
  check: () => Promise<T>,
): Promise<T> {
  const { events = "false", requests = "false" } = tampering;
  await db.sql(`CREATE TABLE saved_events AS SELECT * FROM audit_events WHERE ${events}`);
  await db.sql(`CREATE TABLE saved_requests AS SELECT * FROM requests WHERE ${requests}`);
  try {
    await bypassingTrigger(db, tampering.sql);
    return await check();
  } finally {
    await bypassingTrigger(db, [
      `DELETE FROM audit_events WHERE (${events}) OR seq IN (SELECT seq FROM saved_events)`,
      "INSERT INTO audit_events SELECT * FROM saved_events",
      `DELETE FROM requests WHERE (${requests}) OR id IN (SELECT id FROM saved_requests)`,
      "INSERT INTO requests SELECT * FROM saved_requests",
      "DROP TABLE saved_events",
      "DROP TABLE saved_requests",
    ]);
  }
}
