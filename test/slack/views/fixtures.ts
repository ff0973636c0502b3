import type { AnyBlock } from "@slack/types";
import { type ActionModule, defineAction } from "../../../src/factory/define-action.ts";
import type { ParamSpecInput } from "../../../src/factory/params.ts";
import type { ActionDefinition } from "../../../src/factory/types.ts";
import type { AuditEvent } from "../../../src/requests/audit-events.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { pendingRequest } from "../../support/request-record.ts";

export const MAKER = "U0MAKER";
export const CHECKER = "U0CHECK";
export const OTHER_CHECKER = "U0OTHER";
export const REQUEST_ID = "7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b";

const execute = async () => ({ ok: true as const, result: null });

export function action(overrides: Partial<ActionModule> = {}): ActionDefinition {
  return defineAction({
    id: "billing-waiver",
    title: "Billing waiver",
    description: "Waive a customer's invoice",
    environments: ["production", "staging"],
    params: [
      { name: "invoice_id", label: "Invoice ID", type: "text", required: true, max: 40 },
      { name: "amount", label: "Amount (USD)", type: "number", min: 0, max: 10000 },
      { name: "card_last4", label: "Card last 4", type: "text", sensitive: true },
    ],
    execute,
    ...overrides,
  });
}

/** One param of every type, to check each gets the right element. */
export const everyType: readonly ParamSpecInput[] = [
  { name: "note", label: "Note", type: "text", min: 2, max: 5000, placeholder: "A note" },
  { name: "details", label: "Details", type: "textarea", hint: "All of it" },
  { name: "amount", label: "Amount", type: "number", min: 0.5, max: 99.5 },
  { name: "days", label: "Days", type: "integer", min: 1, max: 90, required: true },
  { name: "notify", label: "Notify customer", type: "boolean" },
  { name: "plan", label: "Plan", type: "select", options: ["free", "pro"] },
  { name: "owner", label: "Owner", type: "user" },
  { name: "until", label: "Until", type: "date" },
  { name: "link", label: "Link", type: "url" },
  { name: "contact", label: "Contact", type: "email" },
];

export function request(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return pendingRequest(overrides);
}

const decided = new Date("2026-03-02T14:05:00.000Z");
const ran = new Date("2026-03-02T14:06:00.000Z");

/** A request as it looks in each status. */
export const inStatus = {
  PENDING: () => request(),
  APPROVED: () =>
    request({ status: "APPROVED", approvedBy: [CHECKER], decidedBy: CHECKER, decidedAt: decided }),
  EXECUTING: () =>
    request({
      status: "EXECUTING",
      approvedBy: [CHECKER],
      decidedBy: CHECKER,
      decidedAt: decided,
      executionStartedAt: decided,
    }),
  FINISHED: () =>
    request({
      status: "FINISHED",
      approvedBy: [CHECKER],
      decidedBy: CHECKER,
      decidedAt: decided,
      executionStartedAt: decided,
      executedAt: ran,
      result: { waived: "in_123" },
    }),
  FAILED: () =>
    request({
      status: "FAILED",
      approvedBy: [CHECKER],
      decidedBy: CHECKER,
      decidedAt: decided,
      executionStartedAt: decided,
      executedAt: ran,
      error: "Billing answered 503",
    }),
  DECLINED: () =>
    request({
      status: "DECLINED",
      decidedBy: CHECKER,
      decidedAt: decided,
      decisionReason: "Above the refund policy",
    }),
  CANCELLED: () => request({ status: "CANCELLED", decidedBy: MAKER, decidedAt: decided }),
  EXPIRED: () => request({ status: "EXPIRED", decidedBy: "system", decidedAt: decided }),
} as const;

/** Everything a person could read in the blocks, as one string. */
export function visibleText(blocks: readonly AnyBlock[]): string {
  return JSON.stringify(blocks);
}

/** All action ids of buttons in the blocks. */
export function buttonActionIds(blocks: readonly AnyBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === "actions" && "elements" in block
      ? (block.elements as { action_id?: string }[]).map((e) => e.action_id ?? "")
      : [],
  );
}

/** Texts in the blocks that break a Slack limit (empty when all fit). */
export function overLimits(blocks: readonly AnyBlock[]): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    const b = block as unknown as Record<string, unknown> & {
      text?: { text: string };
      fields?: { text: string }[];
    };
    if (b.type === "section" && b.text && b.text.text.length > 3000) problems.push("section text");
    if (b.type === "header" && b.text && b.text.text.length > 150) problems.push("header");
    if (b.fields && b.fields.length > 10) problems.push("too many fields");
    for (const field of b.fields ?? []) if (field.text.length > 2000) problems.push("field text");
  }
  return problems;
}

let eventSeq = 0;

/** An audit event of `request` (REQUEST_CREATED unless overridden), sealed with dummy hashes. */
export function auditEvent(
  overrides: Partial<AuditEvent> = {},
  of: RequestRecord = request(),
): AuditEvent {
  eventSeq += 1;
  return {
    id: `event-${eventSeq}`,
    type: "REQUEST_CREATED",
    requestId: of.id,
    requestNumber: of.number,
    correlationId: of.correlationId,
    causationId: null,
    actor: of.makerId,
    fromStatus: null,
    toStatus: "PENDING",
    at: of.createdAt,
    details: {
      action: of.actionId,
      environment: of.environment,
      team: of.team,
      params: of.params,
      purpose: of.purpose,
      maker: of.makerId,
      checkers: [...of.checkerIds],
      approvalsRequired: of.approvalsRequired,
      duplicateOf: of.duplicateOfId,
    },
    seq: eventSeq,
    keyId: "k1",
    prevHash: "0".repeat(64),
    hash: "1".repeat(64),
    ...overrides,
  };
}
