/**
 * How `audit verify` scales: seeds a fresh PostgreSQL database with N requests (two sealed events
 * each), then times verify and samples the process's resident memory while it runs.
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/audit-verify.ts 20000 100000
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { EMPTY_HEAD, sealEvent } from "../src/audit/chain.ts";
import type { AuditEvent, AuditEventDraft } from "../src/audit/events.ts";
import { auditKeyFrom } from "../src/audit/key.ts";
import { verifyAuditTrail } from "../src/audit/verify.ts";
import { openDatabase } from "../src/db/database.ts";
import { evolve } from "../src/requests/replay.ts";
import type { RequestRecord } from "../src/requests/types.ts";

const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const sizes = process.argv.slice(2).map(Number);
const key = auditKeyFrom("bench-key-".repeat(4));

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `four_eyes_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function draft(
  request: RequestRecord | null,
  type: AuditEventDraft["type"],
  n: number,
  at: Date,
): AuditEventDraft {
  const id = request?.id ?? randomUUID();
  return {
    id: randomUUID(),
    type,
    requestId: id,
    requestNumber: n,
    correlationId: request?.correlationId ?? id,
    causationId: request?.lastEventId ?? null,
    actor: type === "REQUEST_CREATED" ? "U0MAKER" : "U0CHECK",
    fromStatus: request?.status ?? null,
    toStatus: type === "REQUEST_CREATED" ? "PENDING" : "DECLINED",
    at,
    details:
      type === "REQUEST_CREATED"
        ? {
            action: "post-note",
            environment: "production",
            team: "Acme",
            params: { note: "x".repeat(200) },
            purpose: "benchmark",
            maker: "U0MAKER",
            checkers: ["U0CHECK"],
            approvalsRequired: 1,
            duplicateOf: null,
          }
        : { reason: "no" },
  };
}

async function seed(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let head: { seq: number; hash: string } = EMPTY_HEAD;
  const batch = 1000;
  for (let start = 1; start <= count; start += batch) {
    const events: AuditEvent[] = [];
    const rows: RequestRecord[] = [];
    for (let n = start; n < Math.min(start + batch, count + 1); n++) {
      const at = new Date(Date.UTC(2026, 0, 1) + n * 1000);
      const created = sealEvent(key, head, draft(null, "REQUEST_CREATED", n, at));
      const pending = evolve(null, created);
      const declined = sealEvent(key, created, draft(pending, "REQUEST_DECLINED", n, at));
      head = declined;
      events.push(created, declined);
      rows.push(evolve(pending, declined));
    }
    await client.query(
      `INSERT INTO audit_events (seq, id, type, request_id, request_number, correlation_id, causation_id, actor, from_status, to_status, at, details, key_id, prev_hash, hash)
       SELECT * FROM json_populate_recordset(NULL::audit_events, $1)`,
      [
        JSON.stringify(
          events.map((e) => ({
            seq: e.seq,
            id: e.id,
            type: e.type,
            request_id: e.requestId,
            request_number: e.requestNumber,
            correlation_id: e.correlationId,
            causation_id: e.causationId,
            actor: e.actor,
            from_status: e.fromStatus,
            to_status: e.toStatus,
            at: e.at.toISOString(),
            details: e.details,
            key_id: e.keyId,
            prev_hash: e.prevHash,
            hash: e.hash,
          })),
        ),
      ],
    );
    await client.query(
      `INSERT INTO requests SELECT * FROM json_populate_recordset(NULL::requests, $1)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            number: r.number,
            action_id: r.actionId,
            environment: r.environment,
            team: r.team,
            params: r.params,
            purpose: r.purpose,
            maker_id: r.makerId,
            checker_ids: r.checkerIds,
            approvals_required: r.approvalsRequired,
            approved_by: r.approvedBy,
            status: r.status,
            version: r.version,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
            decided_at: r.decidedAt,
            decided_by: r.decidedBy,
            decision_reason: r.decisionReason,
            execution_started_at: null,
            executed_at: null,
            result: null,
            error: null,
            duplicate_of_id: null,
            correlation_id: r.correlationId,
            last_event_id: r.lastEventId,
          })),
        ),
      ],
    );
  }
  await client.end();
}

for (const size of sizes) {
  await withDatabase(async (url) => {
    const db = await openDatabase({ kind: "postgres", url });
    await seed(url, size);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const report = await verifyAuditTrail(db.prisma, key);
    const ms = performance.now() - started;
    clearInterval(sampler);
    await db.close();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `${size} requests, ${size * 2} events: ${report.ok ? "OK" : "BROKEN"} in ${(ms / 1000).toFixed(1)} s, ` +
        `${Math.round((size * 2) / (ms / 1000))} events/s, RSS ${mb(baseline)} MB before, peak ${mb(peak)} MB (+${mb(peak - baseline)} MB)`,
    );
  });
}
process.exit(0);
