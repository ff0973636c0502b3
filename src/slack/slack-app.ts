import { App, type Logger as BoltLogger, HTTPReceiver } from "@slack/bolt";
import type { ExtendedErrorHandler, ExtendedErrorHandlerArgs } from "@slack/bolt/dist/App.js";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { SlackConfig } from "../config/slack-config.ts";
import type { Logger } from "../core/logger.ts";
import type { Rate } from "../requests/limits.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import { boltLogger } from "./bolt-logger.ts";
import type { BotIdentity } from "./bot-identity.ts";
import { ClickLimiter, clickLimit } from "./click-limit.ts";
import type { SlackDeps } from "./deps.ts";
import { errorReplier } from "./error-reply.ts";
import { EVENTS_PATH } from "./http-server.ts";
import { instrumentSlackRequests } from "./instrument.ts";
import { registerListeners } from "./listeners/index.ts";
import { dispatcherClientOptions, listenerClientOptions } from "./web-client.ts";

/** The Web API client the listeners, the Home and the directory share, and how it was made. */
export interface SlackConnection {
  readonly config: SlackConfig;
  readonly client: WebClient;
  readonly clientOptions: WebClientOptions;
  readonly logger: BoltLogger;
}

/** Makes the listeners' Web API client; nothing is sent to Slack yet. */
export function connectSlack(config: SlackConfig, logger: Logger): SlackConnection {
  const slackLogger = boltLogger(logger);
  const clientOptions = listenerClientOptions(config, slackLogger);
  return {
    config,
    client: new WebClient(config.botToken, clientOptions),
    clientOptions,
    logger: slackLogger,
  };
}

/** The outbox dispatcher's own client: it never waits on a rate limit, it reschedules. */
export function dispatcherClient(config: SlackConfig): WebClient {
  return new WebClient(config.botToken, dispatcherClientOptions(config));
}

export interface SlackApp {
  readonly app: App;
  /** HTTP mode's receiver, for the bot's own HTTP server; absent in Socket Mode. */
  readonly receiver: HTTPReceiver | undefined;
}

/** The Bolt app, over HTTP or Socket Mode as configured, for the identity the token proved. */
export function createSlackApp(connection: SlackConnection, identity: BotIdentity): SlackApp {
  const { config: slack, clientOptions, logger } = connection;
  const receiver =
    slack.mode.kind === "http"
      ? new HTTPReceiver({
          signingSecret: slack.mode.signingSecret,
          endpoints: EVENTS_PATH,
          logger,
          // Ack first, work after: the response leaves as soon as a listener calls ack().
          processBeforeResponse: false,
        })
      : undefined;
  const app = new App({
    token: slack.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger,
    clientOptions,
    extendedErrorHandler: true,
    ...(receiver
      ? { receiver }
      : {
          socketMode: true,
          appToken: slack.mode.kind === "socket" ? slack.mode.appToken : "",
          // The socket client builds its own Web API client from these (apps.connections.open).
          installerOptions: { clientOptions },
        }),
  });
  return { app, receiver };
}

export interface ListenerWiring {
  readonly metrics: Metrics;
  /** CLICK_RATE_LIMIT: how fast one person may click before being asked to slow down. */
  readonly clickRate: Rate;
  /** For answering through response URLs when a listener fails. */
  readonly fetch: typeof fetch;
}

/** Everything Slack sends reaches the listeners through here: counted, rate-limited, answered. */
export function registerSlackApp(app: App, deps: SlackDeps, wiring: ListenerWiring): void {
  instrumentSlackRequests(app, deps.logger, wiring.metrics);
  app.use(clickLimit(new ClickLimiter(wiring.clickRate, deps.clock), deps.logger));
  registerListeners(app, deps);
  const replyToError = errorReplier(deps.logger, wiring.fetch);
  app.error((async ({ error, body }: ExtendedErrorHandlerArgs) =>
    replyToError(error, body)) as ExtendedErrorHandler);
}
