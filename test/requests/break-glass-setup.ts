import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { ExecutionContext } from "../../src/factory/types.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

/** Actions that may break the glass, with and without designated checkers, and one that may not. */
export const MAKER = "U0MAKER";
export const ONCALL = ["U0ONCALL1", "U0ONCALL2"];

export function setup(options: { auditChannel?: string } = {}) {
  const runs: ExecutionContext[] = [];
  const execute = async (ctx: ExecutionContext) => {
    runs.push(ctx);
    return { ok: true as const, result: { restarted: true } };
  };
  const registry = new ActionRegistry([
    defineAction({
      id: "restart-pipeline",
      title: "Restart pipeline",
      description: "Restart the billing pipeline",
      environments: ["production"],
      checkers: ["S0ONCALL"],
      breakGlass: true,
      params: [],
      execute,
    }),
    defineAction({
      id: "anyone-checks",
      title: "Anyone checks",
      description: "Break glass allowed, but nobody designated",
      breakGlass: true,
      params: [],
      execute,
    }),
    defineAction({
      id: "no-glass",
      title: "Delete account",
      description: "Never without a checker",
      params: [],
      execute,
    }),
  ]);
  const store = new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const service = new RequestService({
    store,
    actions: registry,
    clock,
    directory: slackStyleDirectory({ S0ONCALL: [...ONCALL, MAKER] }),
    environments: ["production"],
    ...options,
  });
  return { store, clock, service, runs };
}

export const emergency = (overrides: Partial<NewRequestInput> = {}): NewRequestInput => ({
  actionId: "restart-pipeline",
  environment: "production",
  team: "Billing",
  params: {},
  purpose: "Invoices stopped going out",
  makerId: MAKER,
  checkerIds: [],
  breakGlass: { reason: "Pipeline stuck, customers not billed, on-call unreachable" },
  ...overrides,
});
