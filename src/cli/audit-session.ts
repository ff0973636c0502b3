import { stat } from "node:fs/promises";
import type { SinkCursorStore } from "../audit/sinks/cursor-store.ts";
import type { TrailReader } from "../audit/trail-reader.ts";
import { loadEngineConfig } from "../config/engine-config.ts";
import { ConfigError } from "../core/errors.ts";
import { openDatabase } from "../db/database.ts";
import { outboxAdmin, sinkCursors } from "../db/ports.ts";
import { PrismaTrailReader } from "../db/prisma-trail-reader.ts";
import { type DatabaseTarget, databaseTarget } from "../db/target.ts";
import type { OutboxAdmin } from "../outbox/outbox-admin.ts";
import { type AuditKey, loadAuditKey } from "../trail/key.ts";

export interface AuditSession {
  /** What verify, checkpoint and export read. */
  readonly trail: TrailReader;
  /** What the outbox commands read and re-drive. */
  readonly outbox: OutboxAdmin;
  readonly key: AuditKey;
  /** Where the audit sinks have got to (read only). */
  readonly sinks: Pick<SinkCursorStore, "list">;
  close(): Promise<void>;
}

/**
 * The bot's configuration, its existing audit key and its database, as they are: no key is
 * generated and no migration runs, since a tool that inspects evidence must not change it.
 */
export async function openAuditSession(
  env: Record<string, string | undefined>,
): Promise<AuditSession> {
  const config = loadEngineConfig(env);
  const { key } = await loadAuditKey(config.auditKey, config.dataDir, { create: false });
  const target = databaseTarget(config.databaseUrl, config.dataDir);
  await requireExistingDatabase(target);
  const database = await openDatabase(target, { migrate: false });
  const trail: TrailReader = new PrismaTrailReader(database.prisma);
  return {
    trail,
    outbox: outboxAdmin(database, key),
    key,
    sinks: sinkCursors(database),
    close: () => database.close(),
  };
}

/** PGlite would quietly create an empty database in a mistyped DATA_DIR, and "verify" it. */
async function requireExistingDatabase(target: DatabaseTarget): Promise<void> {
  if (target.kind !== "pglite") return;
  const exists = await stat(target.dataDir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!exists) {
    throw new ConfigError(
      `There is no database in ${target.dataDir}: set DATA_DIR to the bot's data directory, or DATABASE_URL to its PostgreSQL server.`,
    );
  }
}
