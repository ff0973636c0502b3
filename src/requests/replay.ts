import { z } from "zod";
import { IntegrityError } from "../core/errors.ts";
import type { JsonObject, JsonValue } from "../core/json.ts";
import { type AuditEventDraft, type AuditEventType, isNoteEvent } from "./audit-events.ts";
import { applyReview, reviewsRequiredOf } from "./break-glass-review.ts";
import { checkSealedRules } from "./decision-rules.ts";
import type { RequestRecord } from "./types.ts";

/** What REQUEST_CREATED records: everything the maker asked for. */
export const createdDetailsSchema = z.object({
  action: z.string(),
  environment: z.string(),
  team: z.string(),
  params: z.record(z.string(), z.json()),
  purpose: z.string(),
  maker: z.string(),
  checkers: z.array(z.string()),
  approvalsRequired: z.number().int(),
  duplicateOf: z.string().nullable(),
  /** A delegate chosen because a checker is away: delegate id → the checker they stand in for. */
  onBehalfOf: z.record(z.string(), z.string()).optional(),
  /** Filed by a Workflow Builder step: which execution of which workflow run. */
  workflowStep: z
    .object({
      executionId: z.string(),
      workflowExecutionId: z.string().nullable(),
      details: z.string().nullable(),
    })
    .optional(),
});
export type CreatedDetails = z.infer<typeof createdDetailsSchema>;

type EventForReplay = AuditEventDraft;

function text(details: JsonObject, key: string): string | null {
  const value = details[key];
  return typeof value === "string" ? value : null;
}

function texts(details: JsonObject, key: string): string[] {
  const value = details[key];
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}

/** The request a REQUEST_CREATED event describes, as it stands before anyone acts on it. */
function created(state: RequestRecord | null, event: EventForReplay): RequestRecord {
  if (state)
    throw new IntegrityError(`request ${event.requestId} is created twice (event ${event.id})`);
  const created = createdDetailsSchema.safeParse(event.details);
  if (!created.success || !event.requestId || event.requestNumber === null) {
    throw new IntegrityError(`event ${event.id} does not describe the request it creates`);
  }
  const d = created.data;
  return {
    id: event.requestId,
    number: event.requestNumber,
    actionId: d.action,
    environment: d.environment,
    team: d.team,
    params: d.params as JsonObject,
    purpose: d.purpose,
    makerId: d.maker,
    checkerIds: d.checkers,
    approvalsRequired: d.approvalsRequired,
    approvedBy: [],
    status: "PENDING",
    version: 0,
    createdAt: event.at,
    updatedAt: event.at,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    executionStartedAt: null,
    executedAt: null,
    result: null,
    error: null,
    duplicateOfId: d.duplicateOf,
    correlationId: event.correlationId ?? event.requestId,
    lastEventId: event.id,
    remindersSent: 0,
    lastRemindedAt: null,
    escalatedAt: null,
    escalatedTo: [],
    breakGlassReason: null,
    reviewsRequired: 1,
    reviewVerdict: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewNote: null,
    onBehalfOf: d.onBehalfOf ?? {},
    workflowStep: d.workflowStep ?? null,
  };
}

/**
 * What one type of event does to a request: `state` as it was, `next` the same with the status,
 * version, time and last event of `event` already applied.
 */
type Step = (state: RequestRecord, next: RequestRecord, event: EventForReplay) => RequestRecord;

/** Declined, cancelled or expired: decided, with the reason given. */
const endedWithReason: Step = (_state, next, event) => ({
  ...next,
  decidedAt: event.at,
  decidedBy: event.actor,
  decisionReason: text(event.details, "reason"),
});

/** A checker is away: their place among the checkers goes to `to`, for whoever `from` stood in. */
const rerouted: Step = (state, next, event) => {
  const from = text(event.details, "from");
  const to = text(event.details, "to");
  if (!from || !to)
    throw new IntegrityError(`event ${event.id} re-routes a request without saying who to whom`);
  const onBehalfOf: Record<string, string> = { ...state.onBehalfOf };
  onBehalfOf[to] = onBehalfOf[from] ?? from;
  delete onBehalfOf[from];
  return {
    ...next,
    checkerIds: state.checkerIds.map((id) => (id === from ? to : id)),
    onBehalfOf,
  };
};

/** Every type of event that changes a request once it exists (notes change nothing). */
const STEPS: Partial<Record<AuditEventType, Step>> = {
  APPROVAL_RECORDED: (state, next, event) => ({
    ...next,
    approvedBy: [...state.approvedBy, event.actor],
  }),
  REQUEST_APPROVED: (state, next, event) => ({
    ...next,
    approvedBy: [...state.approvedBy, event.actor],
    decidedAt: event.at,
    decidedBy: event.actor,
  }),
  REQUEST_DECLINED: endedWithReason,
  REQUEST_CANCELLED: endedWithReason,
  REQUEST_EXPIRED: endedWithReason,
  REMINDER_SENT: (state, next, event) => ({
    ...next,
    remindersSent: state.remindersSent + 1,
    lastRemindedAt: event.at,
  }),
  REQUEST_ESCALATED: (_state, next, event) => ({
    ...next,
    escalatedAt: event.at,
    escalatedTo: texts(event.details, "recipients"),
  }),
  EXECUTION_STARTED: (_state, next, event) => ({ ...next, executionStartedAt: event.at }),
  EXECUTION_RESUMED: (_state, next) => next,
  BREAK_GLASS_USED: (_state, next, event) => ({
    ...next,
    decidedAt: event.at,
    decidedBy: event.actor,
    breakGlassReason: text(event.details, "reason") ?? "",
    reviewsRequired: reviewsRequiredOf(event),
  }),
  BREAK_GLASS_REVIEWED: applyReview,
  CHECKER_REROUTED: rerouted,
  REQUEST_FINISHED: (_state, next, event) => ({
    ...next,
    executedAt: event.at,
    result: (event.details.result ?? null) as JsonValue,
  }),
  REQUEST_FAILED: (_state, next, event) => ({
    ...next,
    executedAt: event.at,
    error: text(event.details, "error") ?? "failed",
    result: (event.details.result ?? null) as JsonValue,
  }),
};

/**
 * The state a request is in after `event`. The service writes exactly this, and `audit verify`
 * recomputes it from the stored events, so the requests table and the trail cannot drift apart
 * without verify noticing. A decision that breaks the rules sealed before it (a stranger or the
 * maker deciding, an approval short of the approvals required) throws a RuleBreach.
 */
export function evolve(state: RequestRecord | null, event: EventForReplay): RequestRecord {
  if (event.type === "REQUEST_CREATED") return created(state, event);
  if (!state)
    throw new IntegrityError(
      `event ${event.id} (${event.type}) comes before its request was created`,
    );
  // Refused attempts and nudges leave no mark on the request itself.
  if (isNoteEvent(event.type)) return state;
  // Who may decide, and how many must approve, is what the trail sealed before this event.
  checkSealedRules(state, event);

  const next = {
    ...state,
    status: event.toStatus ?? state.status,
    version: state.version + 1,
    updatedAt: event.at,
    lastEventId: event.id,
  };
  // Own properties only: a type read from the trail could be any string ("constructor", …).
  const step = Object.hasOwn(STEPS, event.type) ? STEPS[event.type] : undefined;
  if (step) return step(state, next, event);
  throw new IntegrityError(`event ${event.id} has an unknown type "${String(event.type)}"`);
}

/** Rebuilds a request from its events, oldest first. */
export function replay(events: Iterable<EventForReplay>): RequestRecord | null {
  let state: RequestRecord | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}
