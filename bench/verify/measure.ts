/** Seeds a trail and verifies it in a child process: the verify part and audit-verify.ts share it. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../src/db/database.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import type { ScratchDatabase } from "../lib/databases.ts";
import { seedTrail } from "./seed-trail.ts";
import type { VerifyMeasurement } from "./verify-child.ts";

const CHILD = fileURLToPath(new URL("./verify-child.ts", import.meta.url));
const KEY = "four-eyes-benchmark-audit-key-0123456789";

export interface TrailMeasurement extends VerifyMeasurement {
  readonly seedMs: number;
  /** The child's --max-old-space-size, if it had one. */
  readonly heapLimitMb: number | undefined;
}

/**
 * Seeds `requests` requests (two events each) into `scratch`, then verifies them in a fresh
 * process per entry of `heapLimitsMb` (undefined: Node's default heap limit).
 */
export async function measureVerify(
  scratch: ScratchDatabase,
  requests: number,
  seed: number,
  heapLimitsMb: readonly (number | undefined)[] = [undefined],
): Promise<TrailMeasurement[]> {
  const started = performance.now();
  const db = await openDatabase(scratch.target);
  try {
    await seedTrail(db, requests, auditKeyFrom(KEY), seed);
    // As autovacuum would leave tables in use: statistics for the planner.
    await db.prisma.$executeRawUnsafe("VACUUM ANALYZE audit_events");
    await db.prisma.$executeRawUnsafe("VACUUM ANALYZE requests");
  } finally {
    await db.close();
  }
  const seedMs = performance.now() - started;
  const measured: TrailMeasurement[] = [];
  for (const heapLimitMb of heapLimitsMb) {
    measured.push({ ...(await verifyInChild(scratch, heapLimitMb)), seedMs, heapLimitMb });
  }
  return measured;
}

function verifyInChild(scratch: ScratchDatabase, heapLimitMb: number | undefined) {
  const child = fork(CHILD, [], {
    execArgv: ["--import", "tsx", ...(heapLimitMb ? [`--max-old-space-size=${heapLimitMb}`] : [])],
    env: { ...process.env, BENCH_TARGET: JSON.stringify(scratch.target), BENCH_AUDIT_KEY: KEY },
  });
  return new Promise<VerifyMeasurement>((resolve) => {
    child.once("message", (message) => resolve(message as VerifyMeasurement));
    // Out of memory under a heap limit is a result, not a harness failure.
    child.once("exit", (code, signal) =>
      resolve({
        ok: false,
        events: 0,
        ms: Number.NaN,
        rssBefore: Number.NaN,
        maxRss: Number.NaN,
        crashed: `exited (${signal ?? code}) before it finished`,
      }),
    );
  });
}
