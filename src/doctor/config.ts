import { loadAppConfig } from "../config/app-config.ts";
import {
  type EngineConfig,
  engineConfigSchema,
  parseEngineConfig,
} from "../config/engine-config.ts";
import { sinksConfigSchema } from "../config/sinks-config.ts";
import { parseSlackConfig, SETUP_POINTER, slackConfigSchema } from "../config/slack-config.ts";
import { describeError } from "../core/errors.ts";
import type { Env } from "../factory/actions-file.ts";
import { type CheckResult, count, failed, passed } from "./check-result.ts";

/** What the Slack checks need: the tokens and where the Web API is. */
export interface SlackSettings {
  readonly botToken: string;
  /** Set in Socket Mode. */
  readonly appToken: string | undefined;
  readonly apiUrl: string;
}

export interface ConfigCheck {
  readonly result: CheckResult;
  /**
   * The engine settings with every invalid variable left at its default, so that checks which do
   * not read those variables can still run. Check `invalid` before using a value.
   */
  readonly engine: EngineConfig | undefined;
  /** Undefined when the bot token is missing or invalid. */
  readonly slack: SlackSettings | undefined;
  /** Variables with a problem; a check that reads one of them must not run. */
  readonly invalid: ReadonlySet<string>;
}

/**
 * Validates the configuration exactly as start-up does (`loadAppConfig`), and when that fails
 * works out which variables are at fault, so the other checks can go on without them.
 */
export function checkConfiguration(env: Env): ConfigCheck {
  try {
    const config = loadAppConfig(env);
    const { mode } = config.slack;
    const how = mode.kind === "socket" ? "Socket Mode" : `HTTP mode on port ${mode.port}`;
    return {
      result: passed(`Configuration: valid (${how})`),
      engine: config.engine,
      slack: slackSettings(env),
      invalid: new Set(),
    };
  } catch (error) {
    const invalid = invalidVariables(env);
    const usable = Object.fromEntries(
      Object.entries(env).filter(([name]) => !invalid.has(name)),
    ) as Env;
    const engine = parseEngineConfig(usable);
    return {
      result: configFailure(describeError(error)),
      engine: engine.ok ? engine.config : undefined,
      slack: slackSettings(usable),
      invalid,
    };
  }
}

function configFailure(message: string): CheckResult {
  const [, ...lines] = message.split("\n");
  const issues = lines.filter((line) => line !== SETUP_POINTER).map((line) => line.trim());
  const fix = lines.includes(SETUP_POINTER)
    ? SETUP_POINTER
    : "Correct these variables in .env or in the environment; .env.example describes each one.";
  return failed(`Configuration: ${count(issues.length, "problem")}`, {
    detail: issues.join("\n"),
    fix,
  });
}

function invalidVariables(env: Env): Set<string> {
  const names = new Set<string>();
  for (const schema of [engineConfigSchema, slackConfigSchema, sinksConfigSchema]) {
    const parsed = schema.safeParse(env);
    for (const issue of parsed.error?.issues ?? []) names.add(String(issue.path[0]));
  }
  const slack = parseSlackConfig(env);
  if (!slack.ok) for (const name of slack.missing) names.add(name);
  return names;
}

function slackSettings(env: Env): SlackSettings | undefined {
  // The signing secret only verifies Slack's requests to the bot; the token checks do not need
  // it, so a missing one must not stop them.
  const parsed = parseSlackConfig({ ...env, SLACK_SIGNING_SECRET: "not-needed-here" });
  if (!parsed.ok) return undefined;
  const { botToken, mode, apiUrl } = parsed.config;
  return { botToken, appToken: mode.kind === "socket" ? mode.appToken : undefined, apiUrl };
}
