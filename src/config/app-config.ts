import { ConfigError } from "../core/errors.ts";
import { describeIssues, type EngineConfig, parseEngineConfig } from "./engine-config.ts";
import { parseSlackConfig, SETUP_POINTER, type SlackConfig } from "./slack-config.ts";

export interface AppConfig {
  readonly engine: EngineConfig;
  readonly slack: SlackConfig;
}

/**
 * Everything the bot needs, validated once at start-up. Every problem of every part is listed in
 * one error, naming variables and never their values.
 */
export function loadAppConfig(env: Record<string, string | undefined>): AppConfig {
  const engine = parseEngineConfig(env);
  const slack = parseSlackConfig(env);
  if (engine.ok && slack.ok) return { engine: engine.config, slack: slack.config };
  const issues = [...(engine.ok ? [] : engine.issues), ...(slack.ok ? [] : slack.issues)];
  const missingSlack = !slack.ok && slack.missing.length > 0;
  throw new ConfigError(
    missingSlack ? `${describeIssues(issues)}\n${SETUP_POINTER}` : describeIssues(issues),
  );
}
