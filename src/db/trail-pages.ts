import type { JsonObject, JsonValue } from "../core/json.ts";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent } from "../requests/audit-events.ts";
import type { RequestRecord } from "../requests/types.ts";

/*
 * The audit tools' bulk reads, a page per query, in raw SQL. A page comes back as one JSON text
 * that the server builds and JSON.parse reads in one go: through findMany, every column of every
 * row went through the driver's and Prisma's converters, which cost more than hashing the events
 * (a million of them: most of verify's time and much of its garbage). Timestamps travel as epoch
 * milliseconds (the columns keep milliseconds, so nothing is lost) and become Dates here.
 */

type Raw = Pick<PrismaClient, "$queryRaw">;

/** The columns of audit_events under the names of AuditEvent; `at` in epoch milliseconds. */
const EVENT_COLUMNS = Prisma.sql`seq, id, type, request_id AS "requestId",
  request_number AS "requestNumber", correlation_id AS "correlationId",
  causation_id AS "causationId", actor, from_status AS "fromStatus", to_status AS "toStatus",
  ${epochMs("at")} AS at, details, key_id AS "keyId", prev_hash AS "prevHash", hash`;

/** The requests columns a RequestRecord holds (not the scheduling ones), timestamps in ms. */
const REQUEST_COLUMNS = Prisma.sql`id, number, action_id AS "actionId", environment, team,
  params, purpose, maker_id AS "makerId", checker_ids AS "checkerIds",
  approvals_required AS "approvalsRequired", approved_by AS "approvedBy", status, version,
  ${epochMs("created_at")} AS "createdAt", ${epochMs("updated_at")} AS "updatedAt",
  ${epochMs("decided_at")} AS "decidedAt", decided_by AS "decidedBy",
  decision_reason AS "decisionReason",
  ${epochMs("execution_started_at")} AS "executionStartedAt",
  ${epochMs("executed_at")} AS "executedAt", result, error,
  duplicate_of_id AS "duplicateOfId", correlation_id AS "correlationId",
  last_event_id AS "lastEventId", reminders_sent AS "remindersSent",
  ${epochMs("last_reminded_at")} AS "lastRemindedAt", ${epochMs("escalated_at")} AS "escalatedAt",
  escalated_to AS "escalatedTo", break_glass_reason AS "breakGlassReason",
  reviews_required AS "reviewsRequired", review_verdict AS "reviewVerdict",
  reviewed_by AS "reviewedBy", ${epochMs("reviewed_at")} AS "reviewedAt",
  review_note AS "reviewNote", on_behalf_of AS "onBehalfOf",
  workflow_step AS "workflowStep"`;

const REQUEST_DATES = [
  "createdAt",
  "updatedAt",
  "decidedAt",
  "executionStartedAt",
  "executedAt",
  "lastRemindedAt",
  "escalatedAt",
  "reviewedAt",
] as const;

function epochMs(column: string): Prisma.Sql {
  // extract() is exact (numeric) on PostgreSQL 14 and later, PGlite included.
  return Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::int8`);
}

/**
 * Runs `select` and returns its rows in `order`, each parsed from the JSON text the server made
 * of it. One JSON text per row rather than one per page: the driver reassembles a message that
 * spans many network reads by copying, so a single text of a whole page costs more than it saves.
 */
async function jsonRows<T>(db: Raw, select: Prisma.Sql, order: Prisma.Sql): Promise<T[]> {
  const rows = await db.$queryRaw<{ r: string }[]>`
    SELECT row_to_json(t)::text AS r FROM (${select}) t ORDER BY ${order}`;
  const parsed = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) parsed[i] = JSON.parse((rows[i] as { r: string }).r);
  return parsed;
}

type EventRow = Omit<AuditEvent, "at"> & { at: number | Date };

function toEvents(rows: EventRow[]): AuditEvent[] {
  // In place: a page of events is made once, and converting it must not make it twice.
  for (const row of rows) row.at = new Date(row.at as number);
  return rows as AuditEvent[];
}

/** Events matching `where` (an SQL condition), after `after` in seq order, `limit` of them. */
export async function eventPage(
  db: Raw,
  where: Prisma.Sql,
  after: number | undefined,
  limit: number,
): Promise<AuditEvent[]> {
  // No lower bound on the first page: a forged row with seq 0 or below must be seen too.
  const from = after === undefined ? Prisma.empty : Prisma.sql`AND seq > ${after}::int8`;
  const select = Prisma.sql`SELECT ${EVENT_COLUMNS} FROM audit_events
    WHERE ${where} ${from} ORDER BY seq LIMIT ${limit}::int4`;
  return toEvents(await jsonRows<EventRow>(db, select, Prisma.sql`t.seq`));
}

/** The events of requests `ids`, by (request_id, seq), after `after` in that order. */
export async function requestEventPage(
  db: Raw,
  ids: readonly string[],
  after: { readonly requestId: string; readonly seq: number } | undefined,
  limit: number,
): Promise<AuditEvent[]> {
  // Past the first page: the rest of the request the last page ended in, and the requests after
  // it. A row comparison against the list would make PostgreSQL walk the index from the cursor
  // to the end of the table for every page.
  const rest = after === undefined ? ids : ids.filter((id) => id > after.requestId);
  const conditions = [
    ...(rest.length === 0 ? [] : [Prisma.sql`request_id = ANY(${rest}::uuid[])`]),
    ...(after === undefined
      ? []
      : [Prisma.sql`(request_id = ${after.requestId}::uuid AND seq > ${after.seq}::int8)`]),
  ];
  if (conditions.length === 0) return [];
  const select = Prisma.sql`SELECT ${EVENT_COLUMNS} FROM audit_events
    WHERE ${Prisma.join(conditions, " OR ")} ORDER BY request_id, seq LIMIT ${limit}::int4`;
  return toEvents(await jsonRows<EventRow>(db, select, Prisma.sql`t."requestId", t.seq`));
}

/** Up to `limit` requests numbered above `after` (from the first when undefined), by number. */
export async function requestPage(
  db: Raw,
  after: number | undefined,
  limit: number,
): Promise<RequestRecord[]> {
  const from = after === undefined ? Prisma.empty : Prisma.sql`WHERE number > ${after}::int4`;
  const select = Prisma.sql`SELECT ${REQUEST_COLUMNS} FROM requests ${from}
    ORDER BY number LIMIT ${limit}::int4`;
  const rows = await jsonRows<Record<string, unknown>>(db, select, Prisma.sql`t.number`);
  for (const row of rows) {
    for (const field of REQUEST_DATES) {
      const ms = row[field] as number | null;
      row[field] = ms === null ? null : new Date(ms);
    }
    // As toRecord reads them: a JSON null result is no result; a missing map an empty one.
    row.result = (row.result ?? null) as JsonValue | null;
    row.onBehalfOf = (row.onBehalfOf ?? {}) as JsonObject;
    row.workflowStep = (row.workflowStep ?? null) as JsonObject | null;
  }
  return rows as unknown as RequestRecord[];
}
