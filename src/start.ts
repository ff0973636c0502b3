export { loadDotEnv } from "./config/dotenv.ts";

import { loadAppConfig } from "./config/app-config.ts";
import type { EngineConfig } from "./config/engine-config.ts";
import { AppError } from "./core/errors.ts";
import { consoleLogger, type Logger } from "./core/logger.ts";
import { databaseTarget, describeTarget } from "./db/target.ts";
import type { Engine } from "./engine.ts";
import { type Bot, startBot } from "./slack/bot.ts";

export { consoleLogger, type Logger } from "./core/logger.ts";

/** The bot as `npm start` runs it: Slack, engine, outbox; says how it is reachable. */
export async function startBotFromEnv(
  env: Record<string, string | undefined>,
  log: Logger,
): Promise<Bot> {
  const config = loadAppConfig(env);
  const bot = await startBot({ config, env, logger: log });
  reportEngine(config.engine, bot.engine, log);
  const { slack } = config;
  log.info(
    slack.mode.kind === "http"
      ? `Listening for Slack on port ${bot.port} (HTTP mode): POST /slack/events, GET /healthz.`
      : "Connected to Slack (Socket Mode).",
  );
  return bot;
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
 * Known failures end in one line and a non-zero exit; anything else keeps its stack. `main` closes
 * what it opened; the explicit exit is because a closed PGlite still leaves a timer of its
 * PostgreSQL running for up to 10 s, which would hold a finished command open.
 */
export async function runMain(
  main: () => Promise<void>,
  log: Logger = consoleLogger,
): Promise<never> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    log.error(`four-eyes: ${error.message}`);
    process.exitCode = 1;
  }
  process.exit();
}
