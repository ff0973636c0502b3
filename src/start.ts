export { loadDotEnv } from "./config/dotenv.ts";

import type { DestinationStream } from "pino";
import type { Engine } from "./app/engine.ts";
import { type Bot, startBot } from "./app/start-bot.ts";
import { configSecrets, loadAppConfig } from "./config/app-config.ts";
import type { EngineConfig } from "./config/engine-config.ts";
import type { OpsConfig } from "./config/ops-config.ts";
import { AppError } from "./core/errors.ts";
import type { Logger } from "./core/logger.ts";
import { databaseTarget, describeTarget } from "./db/target.ts";
import { createAppLogger } from "./logging/app-logger.ts";

export interface StartedBot {
  readonly bot: Bot;
  readonly logger: Logger;
}

export interface StartOptions {
  /** Whether a person watches the output: pretty logs then, unless LOG_FORMAT says otherwise. */
  readonly interactive?: boolean;
  /** Where log lines go: standard output when absent. */
  readonly logDestination?: DestinationStream;
}

/** The bot as `npm start` runs it: Slack, engine, outbox; says how it is reachable. */
export async function startBotFromEnv(
  env: Record<string, string | undefined>,
  options: StartOptions = {},
): Promise<StartedBot> {
  const config = loadAppConfig(env);
  const { ops, slack } = config;
  const app = createAppLogger(
    { ...ops, logFormat: ops.logFormat ?? (options.interactive ? "pretty" : "json") },
    options.logDestination ? { destination: options.logDestination } : {},
  );
  app.redactValues(configSecrets(config, env));
  const log = app.logger;
  const bot = await startBot({
    config,
    env,
    logger: log,
    redactValues: (values) => app.redactValues(values),
  });
  reportEngine(config.engine, bot.engine, log);
  log.info(
    slack.mode.kind === "http"
      ? `Listening for Slack on port ${bot.port} (HTTP mode): POST /slack/events, GET /healthz${opsWhere(bot, ops)}.`
      : `Connected to Slack (Socket Mode)${opsWhere(bot, ops)}.`,
  );
  return { bot, logger: log };
}

/** Where /readyz and /metrics are served, said after what the Slack-facing port answers. */
function opsWhere(bot: Bot, ops: OpsConfig): string {
  const onSlackPort = ops.opsOnSlackPort && bot.port !== null ? ", /readyz, /metrics" : "";
  if (ops.metricsPort !== undefined) {
    return `${onSlackPort}; /metrics, /healthz, /readyz on port ${bot.opsPort}`;
  }
  return onSlackPort || " (set METRICS_PORT for /readyz and /metrics)";
}

function reportEngine(config: EngineConfig, engine: Engine, log: Logger): void {
  const { auditKey, database, actions } = engine;
  if (auditKey.created) {
    log.warn(
      `AUDIT_KEY is not set: generated a key in ${auditKey.generatedFile}. Back it up, and set AUDIT_KEY (the same on every replica) before running in production; without the key the audit trail cannot be verified.`,
    );
  } else if (auditKey.generatedFile) {
    log.warn(`AUDIT_KEY is not set: using the generated key in ${auditKey.generatedFile}.`);
  }
  const target = databaseTarget(config.databaseUrl, config.dataDir);
  const migrated = database.applied.length > 0 ? `, applied ${database.applied.join(", ")}` : "";
  log.info(`Database: ${describeTarget(target)}${migrated}`);
  log.info(
    `Actions: ${
      actions
        .list()
        .map((action) => action.id)
        .join(", ") || "(none)"
    }`,
  );
  for (const action of actions.unavailable()) {
    log.warn(`Action "${action.id}" is disabled: ${action.reason}.`);
  }
  for (const warning of actions.warnings()) log.warn(warning);
}

/** Resolves on the first SIGINT or SIGTERM: the platform asking the bot to stop. */
export function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * Known failures end in one plain line on standard error and a non-zero exit (before the logger
 * exists, a bad LOG_LEVEL among them, there is nothing else to say it with); anything else keeps
 * its stack. `main` closes what it opened; the explicit exit is because a closed PGlite still
 * leaves a timer of its PostgreSQL running for up to 10 s, which would hold a finished command
 * open.
 */
export async function runMain(main: () => Promise<void>): Promise<never> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`four-eyes: ${error.message}\n`);
    process.exitCode = 1;
  }
  process.exit();
}
