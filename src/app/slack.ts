import type { AppConfig } from "../config/app-config.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { homePreferences } from "../db/ports.ts";
import type { RequestQuery } from "../requests/request-query.ts";
import type { SlackDeps } from "../slack/deps.ts";
import { HomePublisher } from "../slack/home/home-publisher.ts";
import { allEnvironments } from "../slack/home/load-home.ts";
import { slackNotifier } from "../slack/notifier.ts";
import { ReplayGuard } from "../slack/replay-guard.ts";
import type { SlackConnection } from "../slack/slack-app.ts";
import { SlackDirectory } from "../slack/slack-directory.ts";
import type { Engine, EngineDeps } from "./engine.ts";

/** What the engine learns from Slack: who is in a user group, and which messages a change needs. */
export function slackEngineParts(
  config: AppConfig,
  connection: SlackConnection,
  clock: Clock,
): Pick<EngineDeps, "directory" | "notifier" | "auditChannel"> {
  const { auditChannel } = config.slack;
  return {
    directory: new SlackDirectory(connection.client, clock),
    auditChannel,
    notifier: (actions) =>
      slackNotifier({
        actions,
        auditChannel,
        maxReminders: config.engine.schedule.maxReminders,
        schedule: config.engine.schedule,
      }),
  };
}

export interface ListenerParts {
  readonly config: AppConfig;
  readonly connection: SlackConnection;
  readonly query: RequestQuery;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly submissionDeadlineMs?: number | undefined;
}

/** The Home tab: each person's requests, with the filters they chose last. */
export function createHome(engine: Engine, parts: ListenerParts): HomePublisher {
  return new HomePublisher({
    sources: {
      query: parts.query,
      actions: engine.actions,
      environments: allEnvironments(parts.config.engine.environments, engine.actions),
      clock: parts.clock,
      requestable: (userId) => engine.requests.requestableActions(userId),
      delegationOf: (userId) => engine.delegations.currentOf(userId),
    },
    preferences: homePreferences(engine.database),
    client: parts.connection.client,
    logger: parts.logger,
  });
}

/** What the listeners work with: the core's services, and the Home they redraw. */
export function slackDeps(engine: Engine, home: HomePublisher, parts: ListenerParts): SlackDeps {
  return {
    requests: engine.requests,
    delegations: engine.delegations,
    actions: engine.actions,
    clock: parts.clock,
    logger: parts.logger,
    replays: new ReplayGuard(),
    query: parts.query,
    home,
    submissionDeadlineMs: parts.submissionDeadlineMs ?? 2_500,
  };
}
