import { type Checkpoint, createCheckpoint } from "../../src/audit/checkpoint.ts";
import { exportAuditTrail } from "../../src/audit/export.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { key, populate, type Trail } from "../audit/trail.ts";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "./database.ts";

/**
 * A migrated database of its own with `populate`'s history sealed in it (5 requests, 12 events,
 * by the real service and chain): what the verify, export and verify --file tests start from.
 */
export async function populatedDatabase(
  kind: DatabaseKind,
): Promise<{ readonly db: TestDatabase; readonly trail: Trail }> {
  const db = await createTestDatabase(kind);
  try {
    return { db, trail: await populate(db.prisma) };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * `populate`'s trail as `audit export --format jsonl` writes it, one string a line, and a
 * checkpoint of its head: what an auditor receives. The database is gone once they are made.
 */
export async function exportedTrail(): Promise<{
  readonly lines: string[];
  readonly checkpoint: Checkpoint;
}> {
  const { db } = await populatedDatabase("pglite");
  try {
    const reader = new PrismaTrailReader(db.prisma);
    let text = "";
    for await (const chunk of exportAuditTrail(reader, "jsonl")) text += chunk;
    return { lines: text.trimEnd().split("\n"), checkpoint: await createCheckpoint(reader, key) };
  } finally {
    await db.destroy();
  }
}
