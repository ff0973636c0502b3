import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { RedriveOutcome } from "../outbox/outbox-admin.ts";
import { type AuditEventDraft, SYSTEM_ACTOR } from "../requests/audit-events.ts";
import type { RequestStatus } from "../requests/status.ts";
import type { AuditKey } from "../trail/key.ts";
import { appendSealed } from "./audit-append.ts";

interface DeadRow {
  key: string;
  recipient: string;
  last_error: string | null;
  attempts: number;
  request_id: string | null;
  request_number: number | null;
  correlation_id: string | null;
  request_status: RequestStatus | null;
  last_event_id: string | null;
}

/**
 * Puts dead messages (`keys`, or every one) back in the queue for the dispatcher, as if new:
 * attempts start again. Each gets an OUTBOX_REDRIVEN event, sealed in the same transaction, on
 * its request's trail when it has one; the request itself does not change. All or nothing: a
 * named key that is not a dead message changes nothing.
 */
export async function redriveDead(
  prisma: PrismaClient,
  key: AuditKey,
  which: { readonly keys: readonly string[] } | "all",
  input: { readonly at: Date; readonly operator: string },
): Promise<RedriveOutcome> {
  return prisma.$transaction(async (tx) => {
    const keys = which === "all" ? null : [...new Set(which.keys)];
    const rows = await tx.$queryRaw<DeadRow[]>`
      SELECT o.key, o.recipient, o.last_error, o.attempts, o.request_id::text AS request_id,
             r.number AS request_number, r.correlation_id::text AS correlation_id,
             r.status::text AS request_status, r.last_event_id::text AS last_event_id
      FROM outbox_messages o LEFT JOIN requests r ON r.id = o.request_id
      WHERE o.status = 'DEAD' AND (${keys === null} OR o.key = ANY(${keys ?? []}::text[]))
      ORDER BY o.created_at, o.key
      FOR UPDATE OF o`;
    if (keys !== null && rows.length < keys.length) {
      const found = new Set(rows.map((row) => row.key));
      const missing = keys.filter((name) => !found.has(name));
      const statuses = await tx.outboxMessage.findMany({
        where: { key: { in: missing } },
        select: { key: true, status: true },
      });
      const status = new Map(statuses.map((row) => [row.key, row.status as string]));
      return {
        ok: false,
        notDead: missing.map((name) => ({ key: name, status: status.get(name) ?? null })),
      };
    }
    for (const row of rows) {
      await tx.$executeRaw`
        UPDATE outbox_messages SET
          status = 'PENDING', attempts = 0, next_attempt_at = ${input.at}, locked_until = NULL,
          updated_at = ${input.at}
        WHERE key = ${row.key}`;
      await appendSealed(tx, key, redrivenEvent(row, input));
    }
    return {
      ok: true,
      redriven: rows.map((row) => ({
        key: row.key,
        recipient: row.recipient,
        requestNumber: row.request_number,
        lastError: row.last_error,
      })),
    };
  }, REDRIVE_TX);
}

/** Every dead message at once can be many events to seal. */
const REDRIVE_TX = { timeout: 60_000, maxWait: 10_000 };

function redrivenEvent(
  row: DeadRow,
  input: { readonly at: Date; readonly operator: string },
): AuditEventDraft {
  const onRequest = row.request_id !== null && row.request_number !== null;
  return {
    id: randomUUID(),
    type: "OUTBOX_REDRIVEN",
    requestId: onRequest ? row.request_id : null,
    requestNumber: onRequest ? row.request_number : null,
    correlationId: onRequest ? row.correlation_id : null,
    causationId: onRequest ? row.last_event_id : null,
    actor: SYSTEM_ACTOR,
    fromStatus: onRequest ? row.request_status : null,
    toStatus: onRequest ? row.request_status : null,
    at: input.at,
    details: {
      message: row.key,
      recipient: row.recipient,
      error: row.last_error,
      attempts: row.attempts,
      operator: input.operator,
    },
  };
}
