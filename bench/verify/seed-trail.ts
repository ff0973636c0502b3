/**
 * An audit trail to verify: N requests, each created and then declined, sealed and chained with
 * `key` as the bot would have, written straight through SQL a thousand requests at a time.
 */

import type { Database } from "../../src/db/database.ts";
import type { AuditEvent, AuditEventDraft } from "../../src/requests/audit-events.ts";
import { evolve } from "../../src/requests/replay.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { EMPTY_HEAD, sealEvent } from "../../src/trail/chain.ts";
import type { AuditKey } from "../../src/trail/key.ts";
import { type Random, seeded, uuid } from "../lib/random.ts";

const BATCH = 1000;

function draft(
  random: Random,
  request: RequestRecord | null,
  type: "REQUEST_CREATED" | "REQUEST_DECLINED",
  n: number,
  at: Date,
): AuditEventDraft {
  const id = request?.id ?? uuid(random);
  return {
    id: uuid(random),
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

const eventRow = (e: AuditEvent) => ({
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
});

const requestRow = (r: RequestRecord) => ({
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
  reminders_sent: 0,
  escalated_to: [],
  // json_populate_recordset fills absent columns with NULL, not their defaults.
  on_behalf_of: {},
  reviews_required: r.reviewsRequired,
});

export async function seedTrail(db: Database, requests: number, key: AuditKey, seed: number) {
  const random = seeded(seed);
  let head: { seq: number; hash: string } = EMPTY_HEAD;
  for (let start = 1; start <= requests; start += BATCH) {
    const events: AuditEvent[] = [];
    const rows: RequestRecord[] = [];
    for (let n = start; n < Math.min(start + BATCH, requests + 1); n++) {
      const at = new Date(Date.UTC(2026, 0, 1) + n * 1000);
      const created = sealEvent(key, head, draft(random, null, "REQUEST_CREATED", n, at));
      const pending = evolve(null, created);
      const declined = sealEvent(key, created, draft(random, pending, "REQUEST_DECLINED", n, at));
      head = declined;
      events.push(created, declined);
      rows.push(evolve(pending, declined));
    }
    await db.prisma.$executeRawUnsafe(
      "INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, $1::json)",
      JSON.stringify(events.map(eventRow)),
    );
    await db.prisma.$executeRawUnsafe(
      "INSERT INTO requests SELECT * FROM json_populate_recordset(NULL::requests, $1::json)",
      JSON.stringify(rows.map(requestRow)),
    );
  }
}
