export { loadDotEnv } from "./config/dotenv.ts";

import { type EngineConfig, loadEngineConfig } from "./config/engine-config.ts";
import { AppError } from "./core/errors.ts";
import { databaseTarget, describeTarget } from "./db/target.ts";
import { type Engine, startEngine } from "./engine.ts";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(`warning: ${message}`),
  error: (message) => console.error(message),
};

/** Config, actions, key and database, with what an operator needs to know said once. */
export async function startFromEnv(
  env: Record<string, string | undefined>,
  log: Logger,
): Promise<{ config: EngineConfig; engine: Engine }> {
  const config = loadEngineConfig(env);
  const engine = await startEngine(config, { env });
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
  return { config, engine };
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
