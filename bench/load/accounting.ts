/**
 * Nothing lost, nothing doubled: after a run, what the database, Slack and the webhook target hold
 * against what the load generator had acknowledged.
 */
import type { AppKind } from "../app/spawn.ts";
import type { World } from "./world.ts";

export interface Check {
  readonly what: string;
  readonly expected: number;
  readonly found: number;
}

export const passed = (checks: readonly Check[]) => checks.every((c) => c.expected === c.found);

const FORMS_OPENED = "forms opened";

/**
 * The checks on what the app stores and delivers: the ones worth waiting for after the load, and
 * whose failure means the harness (or the app) lost data. A form opens within seconds or never
 * (Slack's trigger expired because the app called too late): that is a result of the load,
 * reported with the rest, not something to wait for.
 */
export const durable = (checks: readonly Check[]) =>
  checks.filter((check) => check.what !== FORMS_OPENED);

/** How many of the forms people asked for never opened; 0 when all did. */
export function formsNotOpened(checks: readonly Check[]): { missing: number; of: number } {
  const forms = checks.find((check) => check.what === FORMS_OPENED);
  return { missing: forms ? forms.expected - forms.found : 0, of: forms?.expected ?? 0 };
}

/** What the generator saw acknowledged. */
export interface Sent {
  /** Requests created before the measured run (the ones clicked on). */
  readonly prepared: number;
  readonly submissions: number;
  readonly approvals: number;
  /** Commands and Decline clicks: each should open a form. */
  readonly formsOpened: number;
  /** Where the measured run starts in the stand-in's call log. */
  readonly fromCall: number;
}

function slackCalls(world: World, method: string, from = 0) {
  const calls = world.standIn.calls.slice(from).filter((call) => call.method === method);
  return {
    ok: calls.filter((call) => !call.failed).length,
    failed: calls.length - calls.filter((c) => !c.failed).length,
  };
}

function webhookChecks(world: World, approvals: number): Check[] {
  const keys = world.webhook.received.map((delivery) => delivery.headers["idempotency-key"]);
  return [
    { what: "webhook deliveries", expected: approvals, found: keys.length },
    { what: "distinct idempotency keys", expected: approvals, found: new Set(keys).size },
  ];
}

/**
 * The real bot: one request and one REQUEST_CREATED event per submission; three events per
 * approval (approved, started, finished); per request an outbox row for the maker's and for the
 * checker's message, plus the outcome notice once finished, each delivered at its latest
 * revision and posted to Slack exactly once.
 */
function botChecks(world: World, sent: Sent, counts: Record<string, number>): Check[] {
  const requests = sent.prepared + sent.submissions;
  const outbox = 2 * requests + sent.approvals;
  const n = (key: string) => counts[key] ?? 0;
  const expectedEvents = requests + 3 * sent.approvals;
  return [
    { what: "requests", expected: requests, found: n("requests") },
    { what: "REQUEST_CREATED events", expected: requests, found: n("event:REQUEST_CREATED") },
    {
      what: "REQUEST_APPROVED events",
      expected: sent.approvals,
      found: n("event:REQUEST_APPROVED"),
    },
    {
      what: "EXECUTION_STARTED events",
      expected: sent.approvals,
      found: n("event:EXECUTION_STARTED"),
    },
    {
      what: "REQUEST_FINISHED events",
      expected: sent.approvals,
      found: n("event:REQUEST_FINISHED"),
    },
    { what: "audit events in all", expected: expectedEvents, found: n("events") },
    { what: "outbox rows", expected: outbox, found: n("outbox") },
    { what: "outbox rows delivered", expected: outbox, found: n("outboxDelivered") },
    { what: "messages posted", expected: outbox, found: slackCalls(world, "chat.postMessage").ok },
    ...webhookChecks(world, sent.approvals),
    {
      what: FORMS_OPENED,
      expected: sent.formsOpened,
      found: slackCalls(world, "views.open", sent.fromCall).ok,
    },
  ];
}

/** The baseline: one row per submission, finished once approved, three messages per approval. */
function baselineChecks(world: World, sent: Sent, counts: Record<string, number>): Check[] {
  const requests = sent.prepared + sent.submissions;
  return [
    { what: "requests", expected: requests, found: counts.requests ?? 0 },
    { what: "finished", expected: sent.approvals, found: counts["status:FINISHED"] ?? 0 },
    {
      what: "messages posted",
      expected: 2 * requests + sent.approvals,
      found: slackCalls(world, "chat.postMessage").ok,
    },
    ...webhookChecks(world, sent.approvals),
    {
      what: FORMS_OPENED,
      expected: sent.formsOpened,
      found: slackCalls(world, "views.open", sent.fromCall).ok,
    },
  ];
}

export async function account(world: World, kind: AppKind, sent: Sent): Promise<Check[]> {
  const counts = await world.app.counts();
  return kind === "bot" ? botChecks(world, sent, counts) : baselineChecks(world, sent, counts);
}

/** Forms that did not open because the app called views.open after the trigger expired. */
export function expiredTriggers(world: World, fromCall: number): number {
  return world.standIn.calls
    .slice(fromCall)
    .filter((call) => call.method === "views.open" && call.failed === "expired_trigger_id").length;
}

/** "requests 1,200 = 1,200, …" for the checks that failed, or "" when none did. */
export function describeFailures(checks: readonly Check[]): string {
  return checks
    .filter((c) => c.expected !== c.found)
    .map((c) => `${c.what}: expected ${c.expected}, found ${c.found}`)
    .join("; ");
}
