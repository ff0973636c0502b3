import { ManualClock } from "../../src/core/clock.ts";
import type { JsonObject } from "../../src/core/json.ts";
import type { ExecutionContext, ExecutionRequest } from "../../src/factory/types.ts";

/** A context for running an executor in a test; override only what the test is about. */
export function executionContext(
  overrides: { request?: Partial<ExecutionRequest>; params?: JsonObject } & Partial<
    Omit<ExecutionContext, "request">
  > = {},
): ExecutionContext {
  const { request, params, ...rest } = overrides;
  return {
    request: {
      id: "req_01HZX3K9Q7",
      number: 42,
      actionId: "billing-waiver",
      environment: "production",
      team: "T0TEAM",
      params: params ?? { invoice_id: "in_123", amount: 250 },
      purpose: "Customer was double-charged during the outage",
      makerId: "U0MAKER",
      checkerIds: ["U0CHECK1", "U0CHECK2"],
      approvedBy: ["U0CHECK1"],
      approvedAt: new Date("2026-01-05T09:30:00.000Z"),
      ...request,
    },
    signal: new AbortController().signal,
    // Looked up per call so nock, which patches the global, sees every request.
    fetch: (input, init) => globalThis.fetch(input, init),
    clock: new ManualClock(),
    ...rest,
  };
}
