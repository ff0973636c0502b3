import type { RequestRecord } from "../../src/requests/types.ts";

export const SAMPLE_REQUEST_ID = "7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b";

/**
 * A pending request as the store would return it, every field set: a maker, one checker, a
 * waiver's params. Tests name only what they are about in `overrides`.
 */
export function pendingRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  const created = new Date("2026-03-02T14:00:00.000Z");
  return {
    id: SAMPLE_REQUEST_ID,
    number: 12,
    actionId: "billing-waiver",
    environment: "production",
    team: "Acme Corp",
    params: { invoice_id: "in_123", amount: 250, card_last4: "4242" },
    purpose: "Double-charged during the outage",
    makerId: "U0MAKER",
    checkerIds: ["U0CHECK"],
    approvalsRequired: 1,
    approvedBy: [],
    status: "PENDING",
    version: 1,
    createdAt: created,
    updatedAt: created,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    executionStartedAt: null,
    executedAt: null,
    result: null,
    error: null,
    duplicateOfId: null,
    correlationId: SAMPLE_REQUEST_ID,
    lastEventId: "e1",
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
    onBehalfOf: {},
    workflowStep: null,
    ...overrides,
  };
}
