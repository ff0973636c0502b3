import type { AppConfig } from "../config/app-config.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { outboxStore, requestQuery } from "../db/ports.ts";
import type { Env } from "../factory/actions-file.ts";
import type { ActionDefinition } from "../factory/types.ts";
import type { OutboxDispatcher } from "../outbox/dispatcher.ts";
import { ExecutionRunner } from "../requests/execution-runner.ts";
import { runApproved } from "../requests/run-approved.ts";
import type { StartCron } from "../scheduler/cron-job.ts";
import type { Sweeper } from "../scheduler/sweeper.ts";
import { type BotIdentity, verifyBotToken } from "../slack/bot-identity.ts";
import {
  connectSlack,
  createSlackApp,
  registerSlackApp,
  type SlackConnection,
} from "../slack/slack-app.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import { createAuditSinks } from "./audit-sinks.ts";
import { createDelivery } from "./delivery.ts";
import { type Engine, startEngine } from "./engine.ts";
import { type Parts, serve, stop } from "./lifecycle.ts";
import { createSchedule } from "./scheduler.ts";
import { portOf } from "./servers.ts";
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
  const outbox = outboxStore(engine.database);
  const dispatcher = createDelivery(engine, {
    slack: config.slack,
    outbox,
    home,
    metrics,
    clock,
    logger,
    pollMs: options.outboxPollMs,
  });
  const sinks = createAuditSinks(engine, {
    sinks: config.sinks,
    auditChannel: config.slack.auditChannel,
    outbox,
    wakeOutbox: () => dispatcher.wake(),
    metrics,
    clock,
    logger,
    fetch: options.fetch,
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
    sinks,
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
