import { isDeepStrictEqual } from "node:util";
import { IntegrityError } from "../core/errors.ts";
import { type AuditEvent, isAnnotationEvent, isNoteEvent } from "../requests/audit-events.ts";
import { RuleBreach } from "../requests/decision-rules.ts";
import { repeatsOf } from "../requests/refused-attempts.ts";
import { evolve } from "../requests/replay.ts";
import { canTransition } from "../requests/status.ts";
import type { RequestRecord } from "../requests/types.ts";
import { type AuditProblem, eventLabel, formatValue } from "./describe.ts";
import { DEFAULT_BATCH_SIZE, type EventReader, type TrailReader } from "./trail-reader.ts";

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
  workflowStep: "workflow_step",
};

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
 * Holds one page of rows and their replayed states at a time. `stop` ends it early (at the next
 * page), when its answer is no longer wanted.
 */
export async function checkRequests(
  trail: TrailReader,
  batchSize = DEFAULT_BATCH_SIZE,
  stop?: AbortSignal,
): Promise<RequestsCheck> {
  let after: number | undefined;
  let requests = 0;
  for (;;) {
    if (stop?.aborted) return { ok: true, requests };
    const rows = await trail.requestsAfter(after, batchSize);
    for (const found of await replayProblems(trail, rows, batchSize)) {
      const confirmed = await recheck(trail, found.requestId);
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
function recheck(trail: TrailReader, requestId: string): Promise<AuditProblem | null> {
  return trail.inSnapshot(async (snapshot) => {
    const row = await snapshot.request(requestId);
    const [found] = await replayProblems(snapshot, row ? [row] : [], DEFAULT_BATCH_SIZE);
    return found?.problem ?? null;
  });
}

/** At most one problem per row, in the rows' order. Holds one page of rows and their states. */
async function replayProblems(
  trail: Pick<EventReader, "eventsOfRequests">,
  rows: readonly RequestRecord[],
  batchSize: number,
): Promise<Found[]> {
  if (rows.length === 0) return [];
  const numbers = new Map(rows.map((row) => [row.id, row.number]));
  const replays = new Map<string, Replay>();
  for await (const event of trail.eventsOfRequests([...numbers.keys()], batchSize)) {
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
          : difference(row, replay.state);
    if (problem) found.push({ requestId: row.id, problem });
  }
  return found;
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
 * pass. Only the first offender is fetched.
 */
export async function orphanProblem(
  trail: Pick<EventReader, "firstOrphan">,
): Promise<AuditProblem | null> {
  const orphan = await trail.firstOrphan();
  if (!orphan) return null;
  const { seq } = orphan;
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
