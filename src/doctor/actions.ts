import { builtinActions } from "../actions/index.ts";
import { AppError } from "../core/errors.ts";
import type { Env } from "../factory/actions-file.ts";
import { onlyMatchesItself } from "../factory/pattern.ts";
import { loadActionRegistry } from "../factory/registry.ts";
import type { ActionDefinition } from "../factory/types.ts";
import { type CheckResult, failed, passed, warning } from "./check-result.ts";
import { readWebhookTargets, type WebhookTarget } from "./webhook-targets.ts";

export interface ActionsCheck {
  readonly results: CheckResult[];
  /** Every webhook action's target, enabled or not; empty when the file could not be used. */
  readonly webhooks: WebhookTarget[];
}

export interface ActionsSettings {
  readonly actionsFile: string;
  readonly actionsFileRequired: boolean;
}

/**
 * Loads the actions as start-up does (the file, then the TypeScript modules, one registry), so
 * every mistake reads exactly as `npm start` would report it, line numbers included.
 */
export async function checkActions(
  settings: ActionsSettings,
  env: Env,
  modules: readonly ActionDefinition[] = builtinActions,
): Promise<ActionsCheck> {
  const { actionsFile, actionsFileRequired } = settings;
  let registry: Awaited<ReturnType<typeof loadActionRegistry>>;
  try {
    registry = await loadActionRegistry({
      actionsFile,
      actionsFileRequired,
      env,
      modules,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { results: [invalidActions(error.message, actionsFile)], webhooks: [] };
  }
  const webhooks = await readWebhookTargets(actionsFile);
  const ids = registry.list().map((action) => action.id);
  const enabled = `enabled: ${ids.join(", ") || "none"}`;
  const results = [
    passed(
      webhooks === undefined
        ? `Actions: no ${actionsFile} (it is optional); ${enabled}`
        : `Actions: ${actionsFile} is valid; ${enabled}`,
    ),
  ];
  for (const action of registry.unavailable()) {
    const secretEnv = webhooks?.find((target) => target.actionId === action.id)?.secretEnv;
    results.push(
      warning(
        `Action "${action.id}" is disabled: ${secretEnv ?? "its secret variable"} is not set`,
        {
          fix: `Set ${secretEnv ?? "the variable its secret_env names"} to the secret its webhook receiver verifies signatures with (in .env or the environment), then restart the bot.`,
        },
      ),
    );
  }
  results.push(...registry.list().flatMap(literalPatterns));
  return { results, webhooks: webhooks ?? [] };
}

/** A pattern such as "^in_$" accepts only its own text: almost always meant as "starts with". */
function literalPatterns(action: ActionDefinition): CheckResult[] {
  return action.params.flatMap((param) => {
    const only = param.pattern === undefined ? null : onlyMatchesItself(param.pattern);
    if (only === null) return [];
    return [
      warning(
        `Action "${action.id}", param ${param.name}: pattern "${param.pattern}" accepts only the exact text "${only}"`,
        {
          fix: `A pattern is searched for in the value: write "^${only}" for "starts with ${only}", or use a select if "${only}" is the only value allowed.`,
        },
      ),
    ];
  });
}

function invalidActions(message: string, actionsFile: string): CheckResult {
  const [first = message, ...problems] = message.split("\n");
  return failed(`Actions: ${first.replace(/:$/, "")}`, {
    ...(problems.length > 0 ? { detail: problems.map((line) => line.trim()).join("\n") } : {}),
    fix:
      problems.length > 0
        ? `Correct ${actionsFile} at the lines named above; README.md, "Actions", describes every field.`
        : fixFor(first, actionsFile),
  });
}

/** Errors without a list of problems: a missing or unreadable file, an empty one, a duplicate id. */
function fixFor(message: string, actionsFile: string): string {
  if (message.includes("does not exist")) {
    return `Create ${actionsFile} (actions.yml in the repository is an example), or point ACTIONS_FILE at the file you meant.`;
  }
  if (message.includes("is empty")) return `Add an "actions:" list to ${actionsFile}.`;
  if (message.includes("Rename one of them")) return "Rename one of the two actions.";
  return `Check that ACTIONS_FILE names a file this user can read (now: ${actionsFile}).`;
}
