import type { Server } from "node:http";
import type { App, HTTPReceiver } from "@slack/bolt";
import type { AppConfig } from "../config/app-config.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { OutboxDispatcher } from "../outbox/dispatcher.ts";
import type { ExecutionRunner } from "../requests/execution-runner.ts";
import type { CronJob, StartCron } from "../scheduler/cron-job.ts";
import type { HomePublisher } from "../slack/home/home-publisher.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import type { OpsEndpoints } from "../telemetry/ops-endpoints.ts";
import type { AuditSinks } from "./audit-sinks.ts";
import type { Engine } from "./engine.ts";
import type { Schedule } from "./scheduler.ts";
import { closeServer, startOpsServer, startSlackServer } from "./servers.ts";

/** On shutdown, the outbox is sent for at most this long. */
const OUTBOX_FLUSH_MS = 10_000;
/**
 * On shutdown, running actions get this long to finish; then they are stopped and left EXECUTING,
 * for the next process to resume (or mark interrupted).
 */
const EXECUTION_DRAIN_MS = 10_000;

/** The bot's parts, wired but not started. */
export interface Parts {
  readonly engine: Engine;
  readonly app: App;
  readonly receiver: HTTPReceiver | undefined;
  readonly runner: ExecutionRunner;
  readonly dispatcher: OutboxDispatcher;
  /** The audit sinks, when AUDIT_SINK_* configures any. */
  readonly sinks: AuditSinks | null;
  readonly schedule: Schedule;
  readonly home: HomePublisher;
  readonly metrics: Metrics;
  readonly ops: OpsEndpoints;
  /** False while starting and once stopping: /healthz says 503 then. */
  started: boolean;
}

export interface Serving {
  readonly slack: Server | null;
  readonly ops: Server | null;
  readonly cron: CronJob;
}

export interface ServeOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
  readonly startCron?: StartCron;
}

/**
 * Starts sending, catches up on what fell due while stopped, then opens the doors: the ops port
 * first (a port already taken fails the start before anyone can send the bot work), then Slack.
 */
export async function serve(parts: Parts, options: ServeOptions): Promise<Serving> {
  const { config, clock = systemClock } = options;
  let ops: Server | null = null;
  let cron: CronJob | null = null;
  try {
    parts.dispatcher.start();
    parts.sinks?.start(options.startCron);
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
    await parts.sinks?.stop();
    await parts.dispatcher.stop();
    await parts.engine.close();
    throw error;
  }
}

/** Closes the doors, lets running actions finish (for a while), flushes the outbox, closes. */
export async function stop(parts: Parts, serving: Serving, logger: Logger): Promise<void> {
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
  // Each sink finishes the batch it is sending; the next start resumes from its cursor.
  await parts.sinks?.stop();
  // What the last changes queued goes out now rather than at the next start.
  await parts.dispatcher.stop({ flushMs: OUTBOX_FLUSH_MS });
  await engine.close();
}
