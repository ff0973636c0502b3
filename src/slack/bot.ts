import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import type { ExtendedErrorHandler, ExtendedErrorHandlerArgs } from "@slack/bolt/dist/App.js";
import { WebClient } from "@slack/web-api";
import { type Engine, startEngine } from "../app/engine.ts";
import type { AppConfig } from "../config/app-config.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { ConfigError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { HomePreferences } from "../db/home-preferences.ts";
import { readMetricsSnapshot } from "../db/metrics-snapshot.ts";
import { readMigrationState } from "../db/migration-state.ts";
import { PrismaRequestQuery } from "../db/prisma-request-query.ts";
import type { Env } from "../factory/actions-file.ts";
import type { ActionDefinition } from "../factory/types.ts";
import { OutboxDispatcher } from "../outbox/dispatcher.ts";
import { OutboxStore } from "../outbox/outbox-store.ts";
import { ExecutionRunner } from "../requests/execution-runner.ts";
import { type CronJob, type StartCron, startCronJob } from "../scheduler/cron-job.ts";
import { Sweeper } from "../scheduler/sweeper.ts";
import { Metrics } from "../telemetry/metrics.ts";
import { createOpsServer, type OpsEndpoints } from "../telemetry/ops-endpoints.ts";
import { observeTrail } from "../telemetry/trail-observer.ts";
import { boltLogger } from "./bolt-logger.ts";
import { type BotIdentity, verifyBotToken } from "./bot-identity.ts";
import { ClickLimiter, clickLimit } from "./click-limit.ts";
import { slackDeliverer } from "./deliver-message.ts";
import {
  afterDelivered,
  afterFailure,
  type DeliveryTroubleDeps,
  withUnreached,
} from "./delivery-trouble.ts";
import type { SlackDeps } from "./deps.ts";
import { errorReplier } from "./error-reply.ts";
import { HomePublisher } from "./home/home-publisher.ts";
import { allEnvironments } from "./home/load-home.ts";
import { createSlackHttpServer, EVENTS_PATH } from "./http-server.ts";
import { instrumentSlackRequests } from "./instrument.ts";
import { registerListeners } from "./listeners/index.ts";
import { isRequestMessageKey, slackNotifier } from "./notifier.ts";
import { ReplayGuard } from "./replay-guard.ts";
import { SlackDirectory } from "./slack-directory.ts";
import { dispatcherClientOptions, listenerClientOptions } from "./web-client.ts";

export interface BotOptions {
  readonly config: AppConfig;
  /** For `secret_env` lookups of webhook actions. */
  readonly env: Env;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Used by webhook actions and for answering through response URLs. */
  readonly fetch?: typeof fetch;
  /** Outbox polling; tests make it quick. */
  readonly outboxPollMs?: number;
  readonly submissionDeadlineMs?: number;
  /** How the sweep is scheduled on REMINDER_CRON; node-cron when absent. */
  readonly startCron?: StartCron;
  /** Action types written in TypeScript; the built-in ones when absent. */
  readonly modules?: readonly ActionDefinition[];
  /** Told the webhook secrets' values as soon as the actions are loaded, to keep them out of logs. */
  readonly redactValues?: (values: readonly (string | undefined)[]) => void;
}

export interface Bot {
  readonly engine: Engine;
  readonly runner: ExecutionRunner;
  readonly dispatcher: OutboxDispatcher;
  readonly sweeper: Sweeper;
  readonly metrics: Metrics;
  /** The HTTP port actually listened on (HTTP mode), or null in Socket Mode. */
  readonly port: number | null;
  /**
   * Where /readyz and /metrics are: METRICS_PORT's port, else `port` with OPS_ON_SLACK_PORT, else
   * null (the Slack-facing port then answers /healthz only).
   */
  readonly opsPort: number | null;
  stop(): Promise<void>;
}

/** On shutdown, the outbox is sent for at most this long. */
const OUTBOX_FLUSH_MS = 10_000;
/**
 * On shutdown, running actions get this long to finish; then they are stopped and left EXECUTING,
 * for the next process to resume (or mark interrupted).
 */
const EXECUTION_DRAIN_MS = 10_000;

/**
 * The whole bot: Bolt app (HTTP or Socket Mode), engine with the Slack notifier, outbox
 * dispatcher and execution runner. Ready (and healthy) only once everything has started.
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const slack = config.slack;
  const slackLogger = boltLogger(logger);
  const clientOptions = listenerClientOptions(slack, slackLogger);
  let started = false;
  let slackAuthenticated = false;

  const client = new WebClient(slack.botToken, clientOptions);
  const engine = await startEngine(config.engine, {
    env: options.env,
    clock,
    fetch: fetchFn,
    directory: new SlackDirectory(client, clock),
    auditChannel: slack.auditChannel,
    notifier: (actions) =>
      slackNotifier({
        actions,
        auditChannel: slack.auditChannel,
        maxReminders: config.engine.schedule.maxReminders,
      }),
    ...(options.modules ? { modules: options.modules } : {}),
  });
  options.redactValues?.(engine.actions.secretVariables().map((name) => options.env[name]));
  const metrics = new Metrics(() => readMetricsSnapshot(engine.database.prisma));
  engine.onCommitted(observeTrail(logger, metrics));
  let identity: BotIdentity;
  try {
    identity = await verifyBotToken(client, slack.apiUrl);
    slackAuthenticated = true;
  } catch (error) {
    await engine.close();
    throw error;
  }

  const receiver =
    slack.mode.kind === "http"
      ? new HTTPReceiver({
          signingSecret: slack.mode.signingSecret,
          endpoints: EVENTS_PATH,
          logger: slackLogger,
          // Ack first, work after: the response leaves as soon as a listener calls ack().
          processBeforeResponse: false,
        })
      : undefined;
  const app = new App({
    token: slack.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: slackLogger,
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

  const outbox = new OutboxStore(engine.database.prisma);
  const query = new PrismaRequestQuery(engine.database.prisma);
  const home = new HomePublisher({
    sources: {
      query,
      actions: engine.actions,
      environments: allEnvironments(config.engine.environments, engine.actions),
      clock,
      requestable: (userId) => engine.requests.requestableActions(userId),
      delegationOf: (userId) => engine.delegations.currentOf(userId),
    },
    preferences: new HomePreferences(engine.database.prisma),
    client,
    logger,
  });
  const trouble: DeliveryTroubleDeps = {
    outbox,
    findRequest: (id) => engine.requests.findById(id),
    actions: engine.actions,
    clock,
  };
  const dispatcher = new OutboxDispatcher({
    store: outbox,
    deliver: withUnreached(
      slackDeliverer(new WebClient(slack.botToken, dispatcherClientOptions(slack)), (key) =>
        outbox.locate(key),
      ),
      trouble,
    ),
    clock,
    logger,
    ...(options.outboxPollMs ? { pollMs: options.outboxPollMs } : {}),
    // Every change of a request edits its maker's and checkers' messages: their Home follows.
    onDelivered: async (message) => {
      metrics.outboxDelivered.inc();
      if (isRequestMessageKey(message.key)) home.refreshSoon(message.recipient);
      await afterDelivered(trouble, message);
    },
    onFailure: async (message, failure) => {
      (failure.dead ? metrics.outboxDeadLetters : metrics.outboxRetries).inc();
      await afterFailure(trouble, message, failure);
    },
  });
  engine.onOutboxQueued(() => dispatcher.wake());
  const runner = new ExecutionRunner(engine.requests, logger);
  const sweeper = new Sweeper({
    store: engine.store,
    requests: engine.requests,
    runner,
    schedule: engine.schedule,
    clock,
    logger,
    delegations: engine.delegations,
    // A restart takes over at once what the process it replaces left running.
    orphans: engine.claimOrphanedLeases,
  });
  const deps: SlackDeps = {
    requests: engine.requests,
    delegations: engine.delegations,
    actions: engine.actions,
    runner,
    clock,
    logger,
    replays: new ReplayGuard(),
    query,
    home,
    submissionDeadlineMs: options.submissionDeadlineMs ?? 2_500,
  };
  instrumentSlackRequests(app, logger, metrics);
  app.use(clickLimit(new ClickLimiter(config.engine.limits.clickRate, clock), logger));
  registerListeners(app, deps);
  const replyToError = errorReplier(logger, fetchFn);
  app.error((async ({ error, body }: ExtendedErrorHandlerArgs) =>
    replyToError(error, body)) as ExtendedErrorHandler);

  const ops: OpsEndpoints = {
    metrics,
    isStarted: () => started,
    servesPrivate: config.ops.opsOnSlackPort,
    probes: {
      database: async () => {
        await engine.database.prisma.$queryRaw`SELECT 1`;
      },
      pendingMigrations: async () => (await readMigrationState(engine.database.prisma)).pending,
      slackAuthenticated: () => slackAuthenticated,
      dispatcherRunning: () => dispatcher.running,
    },
  };
  let server: Server | null = null;
  let opsServer: Server | null = null;
  let cron: CronJob | null = null;
  try {
    dispatcher.start();
    const resumed = await runner.resume();
    if (resumed > 0) logger.info(`Resumed ${resumed} approved request(s) that had not run yet.`);
    // Settings may have changed since the schedule was written; then catch up on what is due.
    await sweeper.rescheduleOpen();
    const sweep = async () => {
      const report = await sweeper.sweep();
      const done = Object.entries(report).filter(([, count]) => count > 0);
      if (done.length > 0) {
        logger.info(`sweep: ${done.map(([what, count]) => `${what} ${count}`).join(", ")}`);
      }
    };
    await sweep();
    // Before Slack: a port already taken fails the start before anyone can send it work.
    if (config.ops.metricsPort !== undefined) {
      opsServer = createOpsServer(ops);
      await listen(opsServer, config.ops.metricsPort, "METRICS_PORT");
    }
    cron = startCronJob(config.engine.schedule.cron, sweep, logger, options.startCron);
    if (receiver && slack.mode.kind === "http") {
      server = createSlackHttpServer({ receiver, clock, ops });
      await listen(server, slack.mode.port, "PORT");
    } else {
      await app.start();
    }
  } catch (error) {
    if (server) await close(server);
    if (opsServer) await close(opsServer);
    await cron?.stop();
    await dispatcher.stop();
    await engine.close();
    throw error;
  }
  started = true;
  const port = server ? (server.address() as AddressInfo).port : null;
  const opsPort = opsServer
    ? (opsServer.address() as AddressInfo).port
    : config.ops.opsOnSlackPort
      ? port
      : null;

  return {
    engine,
    runner,
    dispatcher,
    sweeper,
    metrics,
    port,
    opsPort,
    stop: async () => {
      started = false;
      if (server) await close(server);
      else await app.stop();
      if (opsServer) await close(opsServer);
      await cron?.stop();
      if (!(await runner.idle(EXECUTION_DRAIN_MS))) {
        logger.warn(
          `${runner.running} action(s) still running after ${EXECUTION_DRAIN_MS / 1000} s: stopping them; the next start resumes them.`,
        );
        engine.requests.abortExecutions();
        await runner.idle();
      }
      home.stop();
      // What the last changes queued goes out now rather than at the next start.
      await dispatcher.stop({ flushMs: OUTBOX_FLUSH_MS });
      await engine.close();
    },
  };
}

/** Listens on `port`; a port taken or forbidden is a configuration problem, named as such. */
function listen(server: Server, port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? "is already in use by another process"
          : error.code === "EACCES"
            ? "needs privileges this process does not have (use a port above 1023)"
            : `cannot be listened on (${error.message})`;
      reject(new ConfigError(`${variable} ${port} ${why}.`, { cause: error }));
    };
    server.once("error", fail);
    server.listen(port, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

/** How long requests in flight may take to finish once the bot is told to stop. */
const DRAIN_MS = 5_000;

/** Stops taking connections, lets requests in flight finish (for a while), then closes. */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
