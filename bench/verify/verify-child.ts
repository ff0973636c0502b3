/**
 * `verifyAuditTrail` alone in a fresh process, so its resident memory is verify's and not the
 * seeding's or the harness's. Reads the database target (JSON) and the audit key from the
 * environment, and sends its measurements to the parent.
 */

import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { openDatabase } from "../../src/db/database.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import type { DatabaseTarget } from "../../src/db/target.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";

export interface VerifyMeasurement {
  readonly ok: boolean;
  readonly events: number;
  readonly ms: number;
  /** Resident set once the database is open, before verify starts. */
  readonly rssBefore: number;
  /** The process's peak resident set, start-up included (getrusage). */
  readonly maxRss: number;
  /** Set when the process died instead (out of memory under a heap limit). */
  readonly crashed?: string;
}

const target = JSON.parse(process.env.BENCH_TARGET ?? "") as DatabaseTarget;
const key = auditKeyFrom(process.env.BENCH_AUDIT_KEY ?? "");
const db = await openDatabase(target, { migrate: false });
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const report = await verifyAuditTrail(new PrismaTrailReader(db.prisma), key);
const ms = performance.now() - started;
await db.close();
const measurement: VerifyMeasurement = {
  ok: report.ok,
  events: report.ok ? report.events : 0,
  ms,
  rssBefore,
  maxRss: process.resourceUsage().maxRSS * 1024,
};
process.send?.(measurement, () => process.exit(0));
