import type { JsonObject, JsonValue } from "../core/json.ts";
import type {
  AuditEvent as AuditEventRow,
  Request as RequestRow,
} from "../generated/prisma/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventType } from "../requests/audit-events.ts";
import type { RequestRecord, WorkflowStep } from "../requests/types.ts";

/** Rows of the requests and audit_events tables to and from the records the core knows. */

function jsonOrNull(value: JsonValue | null) {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

export function toRow(request: RequestRecord) {
  return {
    ...request,
    params: request.params as Prisma.InputJsonObject,
    checkerIds: [...request.checkerIds],
    approvedBy: [...request.approvedBy],
    escalatedTo: [...request.escalatedTo],
    result: jsonOrNull(request.result),
    onBehalfOf: request.onBehalfOf as Prisma.InputJsonObject,
    workflowStep: request.workflowStep
      ? (request.workflowStep as unknown as Prisma.InputJsonObject)
      : Prisma.DbNull,
  };
}

export function toRecord(row: RequestRow): RequestRecord {
  // Scheduling state, not part of the record a replay rebuilds.
  const {
    dueAt: _schedule,
    leaseInstance: _instance,
    leaseIncarnation: _incarnation,
    leasePid: _pid,
    ...record
  } = row;
  return {
    ...record,
    params: row.params as JsonObject,
    result: (row.result ?? null) as JsonValue | null,
    onBehalfOf: (row.onBehalfOf ?? {}) as Record<string, string>,
    workflowStep: (row.workflowStep ?? null) as unknown as WorkflowStep | null,
  };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  // An unknown type is reported by replay, not hidden here.
  return {
    ...row,
    type: row.type as AuditEventType,
    seq: Number(row.seq),
    details: row.details as JsonObject,
  };
}

/** The scheduling columns a change sets beside the record (see toRecord). */
export interface SchedulingColumns {
  readonly dueAt?: Date | null;
  readonly leaseInstance?: string | null;
  readonly leaseIncarnation?: string | null;
  readonly leasePid?: number | null;
}

/** A field of the Request model as its column: every @map in schema.prisma is its snake case. */
export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * A request's row keyed by column name, as request_change() (see the migrations) writes it with
 * jsonb_populate_record: dates become ISO strings and a null result SQL NULL. A field left
 * undefined is not written.
 */
export function requestColumns(
  request: RequestRecord,
  scheduling: SchedulingColumns = {},
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries({ ...request, ...scheduling })) {
    if (value !== undefined) row[columnName(field)] = value;
  }
  return row;
}
