import { isDeepStrictEqual } from "node:util";
import { IntegrityError } from "../core/errors.ts";
import { toAuditEvent, toRecord } from "../db/request-rows.ts";
import type { PrismaClient, Request as RequestRow } from "../generated/prisma/client.ts";
import { type AuditEvent, isAnnotationEvent, isNoteEvent } from "../requests/audit-events.ts";
import { RuleBreach } from "../requests/decision-rules.ts";
import { repeatsOf } from "../requests/refused-attempts.ts";
import { evolve } from "../requests/replay.ts";
import { canTransition } from "../requests/status.ts";
import type { RequestRecord } from "../requests/types.ts";
import { type AuditProblem, eventLabel, formatValue } from "./describe.ts";
import { DEFAULT_BATCH_SIZE } from "./stream.ts";

/**
 * Every field a replay rebuilds, with the column a reviewer would look at; status first, as the
 * difference that matters most. `version` is left out: it is only a compare-and-set token. A
 * Record, so that a field added to RequestRecord cannot be forgotten here.
 */
const COLUMNS: Readonly<Record<Exclude<keyof RequestRecord, "version">, string>> = {
  status: "status",
  id: "id",
  number: "number",
  actionId: "action_id",
  environment: "environment",
  team: "team",
  params: "params",
  purpose: "purpose",
  makerId: "maker_id",
  checkerIds: "checker_ids",
  approvalsRequired: "approvals_required",
  approvedBy: "approved_by",
  createdAt: "created_at",
  updatedAt: "updated_at",
  decidedAt: "decided_at",
  decidedBy: "decided_by",
  decisionReason: "decision_reason",
  executionStartedAt: "execution_started_at",
  executedAt: "executed_at",
  result: "result",
  error: "error",
  duplicateOfId: "duplicate_of_id",
  correlationId: "correlation_id",
  lastEventId: "last_event_id",
  remindersSent: "reminders_sent",
  lastRemindedAt: "last_reminded_at",
  escalatedAt: "escalated_at",
  escalatedTo: "escalated_to",
  breakGlassReason: "break_glass_reason",
  reviewsRequired: "reviews_required",
  reviewVerdict: "review_verdict",
  reviewedBy: "reviewed_by",
  reviewedAt: "reviewed_at",
  reviewNote: "review_note",
  onBehalfOf: "on_behalf_of",
};

/** Long enough for a request with a very long history to be re-read in one snapshot. */
const RECHECK_TIMEOUT_MS = 60_000;

export type RequestsCheck =
  | { readonly ok: true; readonly requests: number }
  | { readonly ok: false; readonly problem: AuditProblem };

type Replay = { readonly state: RequestRecord } | { readonly problem: AuditProblem };

interface Found {
  readonly requestId: string;
  readonly problem: AuditProblem;
}

/**
 * Pass 2: rebuilds every request from its events and compares it with its row. Pages by number
 * (unique and indexed) rather than id, so problems come out in the order people know requests by.
 */
export async function checkRequests(
  prisma: PrismaClient,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<RequestsCheck> {
  let after: number | undefined;
  let requests = 0;
  for (;;) {
    const rows = await prisma.request.findMany({
      where: after === undefined ? {} : { number: { gt: after } },
      orderBy: { number: "asc" },
      take: batchSize,
    });
    for (const found of await replayProblems(prisma, rows, batchSize)) {
      const confirmed = await recheck(prisma, found.requestId);
      if (confirmed) return { ok: false, problem: confirmed };
    }
    requests += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return { ok: true, requests };
    after = last.number;
  }
}

/**
 * Without a shared snapshot, a request the bot changes between the read of its row and the read
 * of its events looks tampered with. Re-reading both in one snapshot before reporting lets verify
 * run against a live database without false alarms.
 */
function recheck(prisma: PrismaClient, requestId: string): Promise<AuditProblem | null> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.request.findMany({ where: { id: requestId } });
      const [found] = await replayProblems(tx, rows, DEFAULT_BATCH_SIZE);
      return found?.problem ?? null;
    },
    { isolationLevel: "RepeatableRead", timeout: RECHECK_TIMEOUT_MS, maxWait: RECHECK_TIMEOUT_MS },
  );
}

/** At most one problem per row, in the rows' order. Holds one page of rows and their states. */
async function replayProblems(
  db: Pick<PrismaClient, "auditEvent">,
  rows: readonly RequestRow[],
  batchSize: number,
): Promise<Found[]> {
  if (rows.length === 0) return [];
  const numbers = new Map(rows.map((row) => [row.id, row.number]));
  const replays = new Map<string, Replay>();
  for await (const event of eventsOfRequests(db, [...numbers.keys()], batchSize)) {
    const id = event.requestId as string;
    const current = replays.get(id);
    if (current && "problem" in current) continue;
    replays.set(id, apply(current?.state ?? null, event, numbers.get(id) as number));
  }
  const found: Found[] = [];
  for (const row of rows) {
    const replay = replays.get(row.id);
    const problem =
      replay === undefined
        ? {
            requestNumber: row.number,
            message: `request #${row.number}: the audit trail has no events for it (the row was added by hand, or its events were deleted)`,
          }
        : "problem" in replay
          ? replay.problem
          : difference(toRecord(row), replay.state);
    if (problem) found.push({ requestId: row.id, problem });
  }
  return found;
}

/**
 * The events of `ids`, each request's in seq order, paged by (request_id, seq): the order of the
 * index on those columns. Paged by seq alone, PostgreSQL walks the primary key from the start of
 * the trail for every page, filtering, and verify turns quadratic.
 */
async function* eventsOfRequests(
  db: Pick<PrismaClient, "auditEvent">,
  ids: string[],
  batchSize: number,
): AsyncGenerator<AuditEvent> {
  let after: { readonly requestId: string; readonly seq: bigint } | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: {
        requestId: { in: ids },
        ...(after && {
          OR: [
            { requestId: { gt: after.requestId } },
            { requestId: after.requestId, seq: { gt: after.seq } },
          ],
        }),
      },
      orderBy: [{ requestId: "asc" }, { seq: "asc" }],
      take: batchSize,
    });
    for (const row of rows) yield toAuditEvent(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { requestId: last.requestId as string, seq: last.seq };
  }
}

function apply(state: RequestRecord | null, event: AuditEvent, requestNumber: number): Replay {
  const broken = (why: string): Replay => ({
    problem: { seq: event.seq, requestNumber, message: `${eventLabel(event)}: ${why}` },
  });
  const lifecycle = lifecycleProblem(state, event);
  if (lifecycle) return broken(lifecycle);
  try {
    return { state: evolve(state, event) };
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    if (error instanceof RuleBreach) return broken(error.message);
    return broken(`it cannot be replayed (${error.message})`);
  }
}

/** Sealed events can only break the lifecycle through a bug, which is worth reporting too. */
function lifecycleProblem(state: RequestRecord | null, event: AuditEvent): string | null {
  if (state === null) {
    return event.type === "REQUEST_CREATED"
      ? null
      : "it comes before its request was created (the REQUEST_CREATED event is missing)";
  }
  if (event.type === "REQUEST_CREATED") return "it creates a request that already exists";
  if (event.type === "ATTEMPT_REFUSED" && "count" in event.details && !repeatsOf(event.details)) {
    return "it stands for repeated refused attempts but does not say how many or when (details.count, firstAt, lastAt)";
  }
  // A refused attempt or a nudge changes nothing, and is written outside any change it raced with.
  if (isNoteEvent(event.type)) return null;
  if (event.fromStatus !== state.status) {
    return `it moves the request from ${formatValue(event.fromStatus)}, but the request was ${state.status} at that point`;
  }
  if (isAnnotationEvent(event.type)) {
    return event.toStatus === state.status
      ? null
      : `it is a ${event.type} but moves the request from ${state.status} to ${formatValue(event.toStatus)}`;
  }
  if (event.toStatus === null || !canTransition(state.status, event.toStatus)) {
    return `it moves the request from ${state.status} to ${formatValue(event.toStatus)}, which the lifecycle does not allow`;
  }
  return null;
}

function difference(stored: RequestRecord, replayed: RequestRecord): AuditProblem | null {
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    if (same(stored[field], replayed[field])) continue;
    return {
      requestNumber: stored.number,
      message: `request #${stored.number}: the requests table says ${column} ${formatValue(stored[field])} but its events say ${formatValue(replayed[field])}`,
    };
  }
  return null;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  // Key order is not significant: jsonb stores object keys in its own order.
  return isDeepStrictEqual(a, b);
}

/**
 * Events of a request whose row is gone: the rows of deleted requests never reach the replay
 * pass. One anti-join, answered by the server; only the first offender is fetched.
 */
export async function orphanProblem(
  db: Pick<PrismaClient, "$queryRaw">,
): Promise<AuditProblem | null> {
  const [orphan] = await db.$queryRaw<
    { seq: bigint | number; type: string; requestNumber: number | null; requestId: string }[]
  >`
    SELECT e.seq, e.type, e.request_number AS "requestNumber", e.request_id::text AS "requestId"
    FROM audit_events e
    WHERE e.request_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = e.request_id)
    ORDER BY e.seq
    LIMIT 1`;
  if (!orphan) return null;
  const seq = Number(orphan.seq);
  const request =
    orphan.requestNumber === null
      ? `request ${orphan.requestId}`
      : `request #${orphan.requestNumber}`;
  return {
    seq,
    ...(orphan.requestNumber === null ? {} : { requestNumber: orphan.requestNumber }),
    message: `${eventLabel({ seq, type: orphan.type as AuditEvent["type"], requestNumber: orphan.requestNumber })}: ${request} is not in the requests table (its row was deleted)`,
  };
}
