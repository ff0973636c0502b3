import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { durationSchema } from "../core/duration.ts";
import { ConfigError } from "../core/errors.ts";
import type { RequestLimits } from "../requests/limits.ts";
import { limitsFrom, limitsVariables } from "./limits-config.ts";

const DEFAULT_ACTIONS_FILE = "./actions.yml";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A variable that may be unset; blank counts as unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const FLAG_VALUES: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  1: true,
  0: false,
};

/** A yes/no variable: true, false, 1 or 0 (any case); blank counts as unset. */
export function flag(defaultValue: boolean) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .refine((text) => !text || Object.hasOwn(FLAG_VALUES, text), "must be true, false, 1 or 0")
    .transform((text) => (text ? (FLAG_VALUES[text] as boolean) : defaultValue));
}

/** The settings the engine needs: database, actions and audit key. */
export const engineConfigSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (url) => url === undefined || /^postgres(ql)?:\/\//.test(url),
    "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
  ),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  // On by default so `npm start` just works on a fresh PGlite; replicas turn it off and migrate
  // in a deploy step of their own, as the database owner.
  MIGRATE_ON_START: flag(true),
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
  REMINDER_CRON: z
    .string()
    .trim()
    .default("*/5 * * * *")
    .refine(
      (expression) => isCronExpression(expression),
      'must be a cron expression, like "*/5 * * * *" (every 5 minutes)',
    ),
  STALE_AFTER: durationSchema.default(4 * HOUR),
  MAX_REMINDERS: z
    .string()
    .trim()
    .default("3")
    .refine((text) => /^\d{1,2}$/.test(text), "must be a whole number from 0 to 99")
    .transform(Number),
  EXPIRE_AFTER: durationSchema.default(7 * DAY),
  INSTANCE_ID: optionalText.refine(
    (id) => id === undefined || id.length <= 200,
    "must be at most 200 characters",
  ),
  ...limitsVariables,
});

/** When pending requests are reminded of, escalated and expired; actions may override. */
export interface ScheduleConfig {
  /** How often the sweep looks for due work (node-cron syntax). */
  readonly cron: string;
  readonly staleAfterMs: number;
  readonly maxReminders: number;
  readonly expireAfterMs: number;
}

export interface EngineConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** False: start only on a database already migrated (by `npm run db:migrate`). */
  readonly migrateOnStart: boolean;
  readonly actionsFile: string;
  /** False when ACTIONS_FILE was not set: the default file may be absent. */
  readonly actionsFileRequired: boolean;
  readonly auditKey: string | undefined;
  readonly environments: readonly string[];
  readonly schedule: ScheduleConfig;
  /**
   * Names this process across restarts, so a restart takes over at once the executions the
   * process it replaces left running; unset: this host's name and DATA_DIR.
   */
  readonly instanceId?: string | undefined;
  readonly limits: RequestLimits;
}

/** Validates once at start-up; lists every problem, naming variables but never their values. */
export function loadEngineConfig(env: Record<string, string | undefined>): EngineConfig {
  const parsed = parseEngineConfig(env);
  if (!parsed.ok) throw new ConfigError(describeIssues(parsed.issues));
  return parsed.config;
}

/** The problems of one part of the configuration, one line each ("  NAME: what is wrong"). */
export type ConfigIssues = readonly string[];

export function parseEngineConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: EngineConfig } | { ok: false; issues: ConfigIssues } {
  const parsed = engineConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error) };
  const c = parsed.data;
  return {
    ok: true,
    config: {
      databaseUrl: c.DATABASE_URL,
      dataDir: c.DATA_DIR,
      migrateOnStart: c.MIGRATE_ON_START,
      actionsFile: c.ACTIONS_FILE ?? DEFAULT_ACTIONS_FILE,
      actionsFileRequired: c.ACTIONS_FILE !== undefined,
      auditKey: c.AUDIT_KEY,
      environments: c.ENVIRONMENTS,
      schedule: {
        cron: c.REMINDER_CRON,
        staleAfterMs: c.STALE_AFTER,
        maxReminders: c.MAX_REMINDERS,
        expireAfterMs: c.EXPIRE_AFTER,
      },
      instanceId: c.INSTANCE_ID,
      limits: limitsFrom(c),
    },
  };
}

/** zod's messages name the variable by its path; the input value is never part of them. */
export function issueLines(error: z.ZodError): ConfigIssues {
  return error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
}

export function describeIssues(issues: ConfigIssues): string {
  return `The configuration is invalid:\n${issues.join("\n")}`;
}
