/** After a run, with the app stopped: is the audit trail it wrote intact? */

import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { openDatabase } from "../../src/db/database.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { AUDIT_KEY } from "./world.ts";

export async function verifyTrail(
  target: DatabaseTarget,
): Promise<{ ok: boolean; summary: string }> {
  const database = await openDatabase(target, { migrate: false });
  try {
    const report = await verifyAuditTrail(
      new PrismaTrailReader(database.prisma),
      auditKeyFrom(AUDIT_KEY),
    );
    return report.ok
      ? { ok: true, summary: `verify OK (${report.events} events)` }
      : { ok: false, summary: `verify BROKEN: ${JSON.stringify(report.problem)}` };
  } finally {
    await database.close();
  }
}
