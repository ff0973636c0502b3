/**
 * The people, actions and requests the screens are drawn with, at a fixed clock: nothing here
 * reads the time or a random number, so docs/screens.md comes out the same on every run.
 * Built on the views' test fixtures (test/slack/views/fixtures.ts).
 */
import type { ActionDefinition } from "../../src/factory/types.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import {
  action,
  auditEvent,
  CHECKER,
  everyType,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  REQUEST_ID,
  request,
} from "../../test/slack/views/fixtures.ts";
import type { Names } from "./block-text.ts";

export { action, CHECKER, inStatus, MAKER, OTHER_CHECKER, REQUEST_ID, request };

/** The moment every screen is drawn at: two hours after the sample request was made. */
export const NOW = new Date("2026-03-02T16:00:00.000Z");

export const LEAD = "U0LEAD";
export const DELEGATE = "U0DELEG";
export const ONCALL_GROUP = "S0ONCALL";
export const AUDIT_CHANNEL = "C0AUDIT";
const MANY_CHECKERS = [CHECKER, OTHER_CHECKER, "U0CHK3", "U0CHK4", "U0CHK5"];

/** How the mentions read: `<@U0MAKER>` shows as "@maya". */
export const NAMES: Names = {
  [MAKER]: "maya",
  [CHECKER]: "chen",
  [OTHER_CHECKER]: "omar",
  [LEAD]: "lee",
  [DELEGATE]: "dana",
  U0CHK3: "priya",
  U0CHK4: "sam",
  U0CHK5: "jo",
  [ONCALL_GROUP]: "billing-oncall",
  [AUDIT_CHANNEL]: "approvals-audit",
};

export function at(hour: number, minute: number): Date {
  return new Date(Date.UTC(2026, 2, 2, hour, minute));
}

/** Billing waiver: invoice id, amount, and a sensitive card number. */
export const waiver: ActionDefinition = action();

/** The waiver with an environment warning and a param warning, as a checker sees them. */
export const warnedWaiver: ActionDefinition = action({
  rules: { production: { warning: "These are live customers: the waiver is emailed to them." } },
  params: [
    { name: "invoice_id", label: "Invoice ID", type: "text", required: true, max: 40 },
    {
      name: "amount",
      label: "Amount (USD)",
      type: "number",
      min: 0,
      max: 10000,
      warning: "Waivers over 1,000 USD need finance's sign-off first.",
    },
    { name: "card_last4", label: "Card last 4", type: "text", sensitive: true },
  ],
});

/** Two people must approve it. */
export const restore: ActionDefinition = action({
  id: "db-restore",
  title: "Restore a database backup",
  description: "Restore a customer database from a nightly backup",
  approvals: 2,
  params: [
    { name: "database", label: "Database", type: "text", required: true },
    { name: "backup", label: "Backup date", type: "date", required: true },
  ],
});

/** One param of every type, and break glass allowed. */
export const accountChange: ActionDefinition = action({
  id: "account-change",
  title: "Account change",
  description: "Change a customer's plan, owner or contract dates",
  params: everyType,
  breakGlass: true,
  escalateTo: ONCALL_GROUP,
});

export const ALL_ACTIONS = [waiver, restore, accountChange];

const decided = at(14, 5);
const ran = at(14, 6);

/** A pending restore, approved by one of its two checkers. */
export function halfApproved(): RequestRecord {
  return request({
    id: "00000000-0000-4000-8000-000000000014",
    number: 14,
    actionId: restore.id,
    params: { database: "acme-prod-eu", backup: "2026-03-01" },
    purpose: "Bad migration dropped the invoices table (incident 311)",
    checkerIds: [CHECKER, OTHER_CHECKER],
    approvalsRequired: 2,
    approvedBy: [OTHER_CHECKER],
    version: 2,
    updatedAt: decided,
  });
}

/** Run by breaking the glass, waiting for its review. */
export function brokenGlass(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({
    number: 15,
    actionId: accountChange.id,
    params: { note: "Upgrade to pro during outage", plan: "pro", days: 30 },
    purpose: "Customer blocked by the free plan's limit during their launch",
    status: "FINISHED",
    checkerIds: [CHECKER, OTHER_CHECKER],
    decidedBy: MAKER,
    decidedAt: at(14, 1),
    executionStartedAt: at(14, 1),
    executedAt: at(14, 1),
    result: { plan: "pro" },
    breakGlassReason: "Customer's launch is blocked and the checkers are asleep",
    ...overrides,
  });
}

const LONG_TEAM = `Acme Corporation International Holdings — EMEA billing & collections (${"sub-account ".repeat(8).trim()})`;
const LONG_PURPOSE = `${"The customer was charged twice for the March invoice during the payment provider outage; ".repeat(12)}Ticket 4821.`;
const LONG_ERROR = `Webhook answered 500 Internal Server Error: ${JSON.stringify({
  error: "upstream_timeout",
  detail: "billing-api did not answer within 30 s ".repeat(20),
  trace: Array.from({ length: 12 }, (_, i) => `at frame${i} (billing.js:${100 + i})`),
})}`;

/** The longest a request gets: long team, purpose, values, five checkers. */
export function worstRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({
    number: 98765,
    environment: "production-eu-west-1-customer-facing",
    team: LONG_TEAM,
    purpose: LONG_PURPOSE,
    params: {
      invoice_id: "in_1OxYz2AbCdEfGhIjKlMn0pQr",
      amount: 9999.99,
      card_last4: "4242",
      legacy_reference: "removed from the action since <b>",
    },
    checkerIds: MANY_CHECKERS,
    approvalsRequired: 3,
    approvedBy: [OTHER_CHECKER, "U0CHK3"],
    ...overrides,
  });
}

export function worstFailed(): RequestRecord {
  return worstRequest({
    status: "FAILED",
    approvedBy: [CHECKER, OTHER_CHECKER, "U0CHK3"],
    decidedBy: "U0CHK3",
    decidedAt: decided,
    executionStartedAt: decided,
    executedAt: ran,
    error: LONG_ERROR,
    result: { status: 500 },
  });
}

export const LONG_REASON = `${"The amount is above what the refund policy allows without finance; ".repeat(8)}Ask finance first, then send it again.`;

/** Events of a request, sealed with dummy hashes; ids and sequence fixed. */
export function events(of: RequestRecord, list: readonly Partial<AuditEvent>[]): AuditEvent[] {
  return list.map((overrides, i) =>
    auditEvent({ id: `event-${of.number}-${i}`, seq: i + 1, ...overrides }, of),
  );
}
