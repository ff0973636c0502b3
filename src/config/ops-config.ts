import { z } from "zod";
import { type ConfigIssues, issueLines, optionalText } from "./engine-config.ts";

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
});

/** How the bot reports on itself: logs, and where metrics and health checks are served. */
export interface OpsConfig {
  readonly logLevel: LogLevel;
  /** Unset: pretty when a terminal is attached, JSON otherwise. */
  readonly logFormat: "json" | "pretty" | undefined;
  /**
   * A port of its own for /metrics, /healthz and /readyz. In HTTP mode they are on PORT already
   * (this moves /metrics off the port the load balancer exposes); Socket Mode has no port without it.
   */
  readonly metricsPort: number | undefined;
}

export function parseOpsConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: OpsConfig } | { ok: false; issues: ConfigIssues } {
  const parsed = opsConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error) };
  const c = parsed.data;
  return {
    ok: true,
    config: { logLevel: c.LOG_LEVEL, logFormat: c.LOG_FORMAT, metricsPort: c.METRICS_PORT },
  };
}
