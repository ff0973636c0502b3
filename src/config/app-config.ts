import { ConfigError } from "../core/errors.ts";
import { describeIssues, type EngineConfig, parseEngineConfig } from "./engine-config.ts";
import { type OpsConfig, parseOpsConfig } from "./ops-config.ts";
import { parseSinksConfig, type SinksConfig, sinkSecrets } from "./sinks-config.ts";
import { parseSlackConfig, SETUP_POINTER, type SlackConfig } from "./slack-config.ts";

export interface AppConfig {
  readonly engine: EngineConfig;
  readonly slack: SlackConfig;
  readonly ops: OpsConfig;
  /** Where the audit trail is copied to (AUDIT_SINK_*). */
  readonly sinks: SinksConfig;
}

/**
 * Everything the bot needs, validated once at start-up. Every problem of every part is listed in
 * one error, naming variables and never their values.
 */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const engine = parseEngineConfig(env);
  const slack = parseSlackConfig(env);
  const ops = parseOpsConfig(env);
  const sinks = parseSinksConfig(env);
  if (engine.ok && slack.ok && ops.ok && sinks.ok) {
    return { engine: engine.config, slack: slack.config, ops: ops.config, sinks: sinks.config };
  }
  const issues = [
    ...(engine.ok ? [] : engine.issues),
    ...(slack.ok ? [] : slack.issues),
    ...(ops.ok ? [] : ops.issues),
    ...(sinks.ok ? [] : sinks.issues),
  ];
  const missingSlack = !slack.ok && slack.missing.length > 0;
  throw new ConfigError(
    missingSlack ? `${describeIssues(issues)}\n${SETUP_POINTER}` : describeIssues(issues),
  );
}

/** The values in the configuration that must never be seen in a log line. */
export function configSecrets(config: AppConfig, env: Record<string, string | undefined>) {
  const { slack, engine, sinks } = config;
  const password = engine.databaseUrl ? databasePassword(engine.databaseUrl) : undefined;
  return [
    slack.botToken,
    slack.signingSecret,
    slack.mode.kind === "socket" ? slack.mode.appToken : undefined,
    env.AUDIT_KEY,
    password,
    ...sinkSecrets(sinks),
  ];
}

function databasePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
