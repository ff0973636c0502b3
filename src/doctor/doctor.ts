import { describeError } from "../core/errors.ts";
import { databaseTarget } from "../db/target.ts";
import type { Env } from "../factory/actions-file.ts";
import type { ActionDefinition } from "../factory/types.ts";
import { checkActions } from "./actions.ts";
import { checkAuditKey } from "./audit-key.ts";
import { checkAuditSinks } from "./audit-sinks.ts";
import { type CheckResult, failed, warning } from "./check-result.ts";
import { type ConfigCheck, checkConfiguration } from "./config.ts";
import { checkDatabase } from "./database.ts";
import { type NetworkDeps, systemNetwork } from "./network.ts";
import { checkSlack, type SlackCheckOptions } from "./slack.ts";
import { checkWebhookTargets } from "./webhooks.ts";

export interface DoctorDeps {
  readonly env: Env;
  readonly network?: Partial<NetworkDeps>;
  readonly slack?: SlackCheckOptions;
  /** Action types written in TypeScript; the built-in ones when absent. */
  readonly modules?: readonly ActionDefinition[];
  readonly now?: () => Date;
}

/**
 * Every check, in the order of the checklist: configuration first, then Slack, the database
 * with the audit key, and the actions with their webhook servers. Everything after the
 * configuration runs at once; a check whose settings are invalid is reported as not run.
 */
export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const config = checkConfiguration(deps.env);
  const groups = await Promise.all([
    guard("Slack", slackChecks(config, deps)),
    guard("Database", databaseChecks(config)),
    guard("Actions", actionChecks(config, deps)),
    guard("Audit sinks", checkAuditSinks(deps.env)),
  ]);
  return [config.result, ...groups.flat()];
}

/** A check that breaks is one more problem on the list; the other checks still report. */
async function guard(area: string, checks: Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await checks;
  } catch (error) {
    return [
      failed(`${area}: the check itself failed: ${describeError(error)}`, {
        fix: "Run npm run doctor again; if it fails the same way, report it with this line.",
      }),
    ];
  }
}

/** The variables of `names` that are invalid, or undefined when the check may run. */
function blockedBy(config: ConfigCheck, names: readonly string[]): string[] | undefined {
  const invalid = names.filter((name) => config.invalid.has(name));
  return invalid.length > 0 ? invalid : undefined;
}

function notChecked(area: string, variables: readonly string[]): CheckResult {
  const list = variables.join(" and ");
  return warning(
    `${area}: not checked until ${list} ${variables.length === 1 ? "is" : "are"} fixed`,
  );
}

async function slackChecks(config: ConfigCheck, deps: DoctorDeps): Promise<CheckResult[]> {
  const blocked = blockedBy(config, ["SLACK_BOT_TOKEN", "SLACK_API_URL"]);
  if (blocked || !config.slack) return [notChecked("Slack", blocked ?? ["SLACK_BOT_TOKEN"])];
  return checkSlack(config.slack, deps.slack);
}

async function databaseChecks(config: ConfigCheck): Promise<CheckResult[]> {
  const { engine } = config;
  const blocked = blockedBy(config, ["DATABASE_URL", "DATA_DIR"]);
  if (!engine || blocked) return [notChecked("Database", blocked ?? ["DATABASE_URL"])];
  const found = await checkDatabase(databaseTarget(engine.databaseUrl, engine.dataDir), {
    migrateOnStart: engine.migrateOnStart,
  });
  try {
    const keyBlocked = blockedBy(config, ["AUDIT_KEY"]);
    const key = keyBlocked
      ? notChecked("Audit key", keyBlocked)
      : await checkAuditKey(engine, found.database, found.notInspected);
    return [found.result, key];
  } finally {
    await found.database?.close();
  }
}

async function actionChecks(config: ConfigCheck, deps: DoctorDeps): Promise<CheckResult[]> {
  const { engine } = config;
  const blocked = blockedBy(config, ["ACTIONS_FILE"]);
  if (!engine || blocked) return [notChecked("Actions", blocked ?? ["ACTIONS_FILE"])];
  const actions = await checkActions(engine, deps.env, deps.modules);
  const webhooks = await checkWebhookTargets(actions.webhooks, {
    network: { ...systemNetwork, ...deps.network },
    actionsFile: engine.actionsFile,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return [...actions.results, ...webhooks];
}
