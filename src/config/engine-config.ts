import { z } from "zod";
import { ConfigError } from "../core/errors.ts";

const DEFAULT_ACTIONS_FILE = "./actions.yml";

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** The settings the engine needs: database, actions and audit key. */
export const engineConfigSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (url) => url === undefined || /^postgres(ql)?:\/\//.test(url),
    "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
  ),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  ACTIONS_FILE: optionalText,
  AUDIT_KEY: optionalText.refine(
    (key) => key === undefined || Buffer.byteLength(key) >= 32,
    "must be at least 32 bytes long (generate one with: openssl rand -hex 32)",
  ),
  ENVIRONMENTS: z
    .string()
    .default("production,staging")
    .transform((list) =>
      list
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
});

export interface EngineConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly actionsFile: string;
  /** False when ACTIONS_FILE was not set: the default file may be absent. */
  readonly actionsFileRequired: boolean;
  readonly auditKey: string | undefined;
  readonly environments: readonly string[];
}

/** Validates once at start-up; lists every problem, naming variables but never their values. */
export function loadEngineConfig(env: Record<string, string | undefined>): EngineConfig {
  const parsed = engineConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`The configuration is invalid:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    actionsFile: c.ACTIONS_FILE ?? DEFAULT_ACTIONS_FILE,
    actionsFileRequired: c.ACTIONS_FILE !== undefined,
    auditKey: c.AUDIT_KEY,
    environments: c.ENVIRONMENTS,
  };
}
