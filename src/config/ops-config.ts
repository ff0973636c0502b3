import { z } from "zod";
import { type ConfigIssues, flag, issueLines, optionalText } from "./engine-config.ts";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const opsConfigSchema = z.object({
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default("info")
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  LOG_FORMAT: optionalText.pipe(
    z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional(),
  ),
  METRICS_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number (1-65535)")
      .transform(Number)
      .refine((port) => port <= 65535, "must be a port number (1-65535)")
      .optional(),
  ),
  // Off: the Slack-facing port answers /healthz only; counts, action names and readiness details
  // stay off the port the internet reaches.
  OPS_ON_SLACK_PORT: flag(false),
  SLACK_APP_TOKEN: optionalText,
});

/** How the bot reports on itself: logs, and where metrics and health checks are served. */
export interface OpsConfig {
  readonly logLevel: LogLevel;
  /** Unset: pretty when a terminal is attached, JSON otherwise. */
  readonly logFormat: "json" | "pretty" | undefined;
  /**
   * A port of its own for /metrics, /healthz and /readyz: for Prometheus and probes, never
   * exposed to Slack. Socket Mode has no port without it.
   */
  readonly metricsPort: number | undefined;
  /** HTTP mode: serve /metrics and /readyz on PORT too, next to Slack's traffic (opt-in). */
  readonly opsOnSlackPort: boolean;
}

export function parseOpsConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: OpsConfig } | { ok: false; issues: ConfigIssues } {
  const parsed = opsConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error) };
  const c = parsed.data;
  if (c.OPS_ON_SLACK_PORT && c.SLACK_APP_TOKEN) {
    return {
      ok: false,
      issues: [
        "  OPS_ON_SLACK_PORT: Socket Mode (SLACK_APP_TOKEN) listens on no port; set METRICS_PORT instead",
      ],
    };
  }
  return {
    ok: true,
    config: {
      logLevel: c.LOG_LEVEL,
      logFormat: c.LOG_FORMAT,
      metricsPort: c.METRICS_PORT,
      opsOnSlackPort: c.OPS_ON_SLACK_PORT,
    },
  };
}
