import type { Server } from "node:http";
import type { App, HTTPReceiver } from "@slack/bolt";
import type { AppConfig } from "../config/app-config.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { outboxStore, requestQuery } from "../db/ports.ts";
import type { Env } from "../factory/actions-file.ts";
import type { ActionDefinition } from "../factory/types.ts";
import type { OutboxDispatcher } from "../outbox/dispatcher.ts";
import { ExecutionRunner } from "../requests/execution-runner.ts";
import { runApproved } from "../requests/run-approved.ts";
import type { CronJob, StartCron } from "../scheduler/cron-job.ts";
import type { Sweeper } from "../scheduler/sweeper.ts";
import { type BotIdentity, verifyBotToken } from "../slack/bot-identity.ts";
import type { HomePublisher } from "../slack/home/home-publisher.ts";
import {
  connectSlack,
  createSlackApp,
  registerSlackApp,
  type SlackConnection,
} from "../slack/slack-app.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import type { OpsEndpoints } from "../telemetry/ops-endpoints.ts";
import { createDelivery } from "./delivery.ts";
import { type Engine, startEngine } from "./engine.ts";
import { createSchedule, type Schedule } from "./scheduler.ts";
import { closeServer, portOf, startOpsServer, startSlackServer } from "./servers.ts";
import { createHome, type ListenerParts, slackDeps, slackEngineParts } from "./slack.ts";
import { opsEndpoints, startTelemetry } from "./telemetry.ts";

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

/** The bot's parts, wired but not started. */
interface Parts {
  readonly engine: Engine;
  readonly app: App;
  readonly receiver: HTTPReceiver | undefined;
  readonly runner: ExecutionRunner;
  readonly dispatcher: OutboxDispatcher;
  readonly schedule: Schedule;
  readonly home: HomePublisher;
  readonly metrics: Metrics;
  readonly ops: OpsEndpoints;
  /** False while starting and once stopping: /healthz says 503 then. */
  started: boolean;
}

interface Serving {
  readonly slack: Server | null;
  readonly ops: Server | null;
  readonly cron: CronJob;
}

/**
 * The composition root: the whole bot, from the engine (actions, key, database) to the Bolt app
 * (HTTP or Socket Mode), the outbox dispatcher, the execution runner and the sweep. Ready (and
 * healthy) only once everything has started; nothing is left open when a step fails.
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const connection = connectSlack(config.slack, logger);
  const engine = await startEngine(config.engine, {
    env: options.env,
    clock,
    fetch: options.fetch ?? globalThis.fetch,
    ...slackEngineParts(config, connection, clock),
    ...(options.modules ? { modules: options.modules } : {}),
  });
  options.redactValues?.(engine.actions.secretVariables().map((name) => options.env[name]));
  const metrics = startTelemetry(engine, logger);
  let identity: BotIdentity;
  try {
    identity = await verifyBotToken(connection.client, config.slack.apiUrl);
  } catch (error) {
    await engine.close();
    throw error;
  }
  const parts = assemble(engine, metrics, connection, identity, { ...options, clock });
  const serving = await serve(parts, options);
  parts.started = true;
  const port = serving.slack ? portOf(serving.slack) : null;
  return {
    engine,
    runner: parts.runner,
    dispatcher: parts.dispatcher,
    sweeper: parts.schedule.sweeper,
    metrics,
    port,
    opsPort: serving.ops ? portOf(serving.ops) : config.ops.opsOnSlackPort ? port : null,
    stop: () => stop(parts, serving, logger),
  };
}

/** Wires the Slack side, the outbox, the runner and the sweep around a started engine. */
function assemble(
  engine: Engine,
  metrics: Metrics,
  connection: SlackConnection,
  identity: BotIdentity,
  options: BotOptions & { readonly clock: Clock },
): Parts {
  const { config, logger, clock } = options;
  const { app, receiver } = createSlackApp(connection, identity);
  const listening: ListenerParts = {
    config,
    connection,
    query: requestQuery(engine.database),
    clock,
    logger,
    submissionDeadlineMs: options.submissionDeadlineMs,
  };
  const home = createHome(engine, listening);
  const dispatcher = createDelivery(engine, {
    slack: config.slack,
    outbox: outboxStore(engine.database),
    home,
    metrics,
    clock,
    logger,
    pollMs: options.outboxPollMs,
  });
  const runner = new ExecutionRunner(engine.requests, logger);
  // The core decides when an action runs: as soon as a commit approves its request.
  engine.onCommitted(runApproved(runner));
  const schedule = createSchedule(engine, runner, {
    cron: config.engine.schedule.cron,
    clock,
    logger,
  });
  registerSlackApp(app, slackDeps(engine, home, listening), {
    metrics,
    clickRate: config.engine.limits.clickRate,
    fetch: options.fetch ?? globalThis.fetch,
  });
  const parts: Parts = {
    engine,
    app,
    receiver,
    runner,
    dispatcher,
    schedule,
    home,
    metrics,
    started: false,
    ops: opsEndpoints(engine, metrics, config.ops.opsOnSlackPort, () => ({
      started: parts.started,
      // verifyBotToken succeeded before anything was wired.
      slackAuthenticated: true,
      dispatcherRunning: dispatcher.running,
    })),
  };
  return parts;
}

/**
 * Starts sending, catches up on what fell due while stopped, then opens the doors: the ops port
 * first (a port already taken fails the start before anyone can send the bot work), then Slack.
 */
async function serve(parts: Parts, options: BotOptions): Promise<Serving> {
  const { config, clock = systemClock } = options;
  let ops: Server | null = null;
  let cron: CronJob | null = null;
  try {
    parts.dispatcher.start();
    await parts.schedule.catchUp();
    if (config.ops.metricsPort !== undefined) {
      ops = await startOpsServer(parts.ops, config.ops.metricsPort);
    }
    cron = parts.schedule.startCron(options.startCron);
    const { receiver } = parts;
    if (receiver && config.slack.mode.kind === "http") {
      const slack = await startSlackServer(
        { receiver, clock, ops: parts.ops },
        config.slack.mode.port,
      );
      return { slack, ops, cron };
    }
    await parts.app.start();
    return { slack: null, ops, cron };
  } catch (error) {
    if (ops) await closeServer(ops);
    await cron?.stop();
    await parts.dispatcher.stop();
    await parts.engine.close();
    throw error;
  }
}

/** Closes the doors, lets running actions finish (for a while), flushes the outbox, closes. */
async function stop(parts: Parts, serving: Serving, logger: Logger): Promise<void> {
  const { runner, engine } = parts;
  parts.started = false;
  if (serving.slack) await closeServer(serving.slack);
  else await parts.app.stop();
  if (serving.ops) await closeServer(serving.ops);
  await serving.cron.stop();
  if (!(await runner.idle(EXECUTION_DRAIN_MS))) {
    logger.warn(
      `${runner.running} action(s) still running after ${EXECUTION_DRAIN_MS / 1000} s: stopping them; the next start resumes them.`,
    );
    engine.requests.abortExecutions();
    await runner.idle();
  }
  parts.home.stop();
  // What the last changes queued goes out now rather than at the next start.
  await parts.dispatcher.stop({ flushMs: OUTBOX_FLUSH_MS });
  await engine.close();
}
