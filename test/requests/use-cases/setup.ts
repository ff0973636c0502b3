import { ManualClock } from "../../../src/core/clock.ts";
import type { Directory } from "../../../src/requests/directory.ts";
import { staticDirectory } from "../../../src/requests/directory.ts";
import { type UseCaseContext, useCaseContext } from "../../../src/requests/use-cases/context.ts";
import type { NewRequestInput } from "../../../src/requests/use-cases/new-request-input.ts";
import { testActions } from "../../support/actions.ts";
import { MemoryRequestStore } from "../../support/memory-store.ts";

export const MAKER = "U0MAKER";
export const CHECKER = "U0CHECK";

/** A use case's context on the in-memory store, naming people neutrally unless told. */
export function useCaseSetup(options: { directory?: Directory; store?: MemoryRequestStore } = {}) {
  const store = options.store ?? new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const ctx: UseCaseContext = useCaseContext({
    store,
    actions: testActions().registry,
    clock,
    directory: options.directory ?? staticDirectory({ S0LEADS: ["U0LEAD"] }),
    environments: ["production"],
  });
  return { store, clock, ctx };
}

export const waiver = (overrides: Partial<NewRequestInput> = {}): NewRequestInput => ({
  actionId: "waive-invoice",
  environment: "production",
  team: "Acme",
  params: { invoice_id: "in_1" },
  purpose: "Double-charged",
  makerId: MAKER,
  checkerIds: [CHECKER],
  ...overrides,
});
