import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import type { RequestStore } from "../../src/requests/store.ts";
import type { SlackDeps } from "../../src/slack/deps.ts";
import { ReplayGuard } from "../../src/slack/replay-guard.ts";
import { testActions } from "./actions.ts";
import { MemoryRequestStore } from "./memory-store.ts";
import { slackStyleDirectory } from "./slack-style-directory.ts";

/** Stands in for a dependency a listener under test must not touch. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`${name}.${String(property)} is not part of this test`);
    },
  });
}

/** Listener dependencies on the in-memory core; the Home's parts fail if used. */
export function fakeSlackDeps(
  options: { store?: RequestStore; submissionDeadlineMs?: number } = {},
): SlackDeps {
  const { registry } = testActions();
  const requests = new RequestService({
    store: options.store ?? new MemoryRequestStore(),
    actions: registry,
    clock: new ManualClock(),
    directory: slackStyleDirectory({ S0MAKERS: ["U0ALLOWED"] }),
    environments: ["production"],
  });
  return {
    requests,
    actions: registry,
    clock: new ManualClock(),
    logger: silentLogger,
    replays: new ReplayGuard(),
    submissionDeadlineMs: options.submissionDeadlineMs ?? 2500,
    query: unused("query"),
    home: unused("home"),
    delegations: unused("delegations"),
  };
}
