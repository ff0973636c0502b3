import { populate, type Trail } from "../audit/trail.ts";
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
