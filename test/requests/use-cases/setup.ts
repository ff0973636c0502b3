import { ManualClock } from "../../../src/core/clock.ts";
import type { Result } from "../../../src/core/result.ts";
import type { Directory } from "../../../src/requests/directory.ts";
import { staticDirectory } from "../../../src/requests/directory.ts";
import type { ScheduleDefaults } from "../../../src/requests/schedule.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { type UseCaseContext, useCaseContext } from "../../../src/requests/use-cases/context.ts";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import type { NewRequestInput } from "../../../src/requests/use-cases/new-request-input.ts";
import { testActions } from "../../support/actions.ts";
import { MemoryRequestStore } from "../../support/memory-store.ts";
import { slackStyleDirectory } from "../../support/slack-style-directory.ts";

export const MAKER = "U0MAKER";
export const CHECKER = "U0CHECK";

/** A use case's context on the in-memory store, naming people neutrally unless told. */
export function useCaseSetup(
  options: {
    directory?: Directory;
    store?: MemoryRequestStore;
    /** What the test actions' executor does; they succeed, waiving the invoice, unless told. */
    behaviour?: Parameters<typeof testActions>[0];
    environments?: readonly string[];
    schedule?: ScheduleDefaults;
  } = {},
) {
  const store = options.store ?? new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const { registry, runs } = testActions(options.behaviour);
  const ctx: UseCaseContext = useCaseContext({
    store,
    actions: registry,
    clock,
    directory: options.directory ?? staticDirectory({ S0LEADS: ["U0LEAD"] }),
    environments: options.environments ?? ["production"],
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  return { store, clock, ctx, runs };
}

/** Naming people as Slack shows them (`<@U…>`), with makers and leads groups, as a bot does. */
export function slackSetup(
  options: Omit<Parameters<typeof useCaseSetup>[0] & {}, "directory"> = {},
) {
  return useCaseSetup({
    directory: slackStyleDirectory({ S0MAKERS: ["U0ALLOWED"], S0LEADS: ["U0LEAD"] }),
    ...options,
  });
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

/** Files a request (a waiver unless told), failing the test if it is refused. */
export async function filed(
  t: { ctx: UseCaseContext },
  overrides: Partial<NewRequestInput> = {},
): Promise<RequestRecord> {
  const created = await createRequest(t.ctx, waiver(overrides), null);
  if (!created.ok) throw new Error(created.refusal.message);
  return created.value.request;
}

/** The value of an outcome the test expects to succeed. */
export function value<T>(outcome: Result<T>): T {
  if (!outcome.ok) throw new Error(outcome.refusal.message);
  return outcome.value;
}
