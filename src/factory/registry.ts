import { ConfigError } from "../core/errors.ts";
import { ok, type Result, refuse } from "../core/result.ts";
import { type Env, loadActionsFile, type UnavailableAction } from "./actions-file.ts";
import type { ActionDefinition } from "./types.ts";

export type UnknownActionCode = "ACTION.UNKNOWN" | "ACTION.UNAVAILABLE";

/** Names where a definition came from, for the duplicate-id error. */
export type DescribeSource = (action: Pick<ActionDefinition, "source">) => string;

/**
 * Every action type the bot knows, whichever source defined it. Unavailable ones (a webhook
 * whose secret is not set) are known but never offered or run.
 */
export class ActionRegistry {
  readonly #actions: ReadonlyMap<string, ActionDefinition>;
  readonly #unavailable: ReadonlyMap<string, UnavailableAction>;
  readonly #secretVariables: readonly string[];
  readonly #warnings: readonly string[];

  /** Throws ConfigError when two definitions share an id, unavailable ones included. */
  constructor(
    actions: readonly ActionDefinition[],
    describeSource: DescribeSource = defaultSourceName,
    unavailable: readonly UnavailableAction[] = [],
    secretVariables: readonly string[] = [],
    warnings: readonly string[] = [],
  ) {
    this.#secretVariables = [...new Set(secretVariables)];
    this.#warnings = warnings;
    // Only the actions file leaves actions out, so that is where an unavailable one came from.
    const entries = [
      ...actions.map((action) => ({ id: action.id, source: action.source })),
      ...unavailable.map(({ id }) => ({ id, source: "actions-file" as const })),
    ];
    const seen = new Map<string, Pick<ActionDefinition, "source">>();
    for (const entry of entries) {
      const earlier = seen.get(entry.id);
      if (earlier !== undefined) {
        const [first, second] = [describeSource(earlier), describeSource(entry)];
        const by = first === second ? `twice by ${first}` : `twice: by ${first} and by ${second}`;
        throw new ConfigError(`Action id "${entry.id}" is defined ${by}. Rename one of them.`);
      }
      seen.set(entry.id, entry);
    }
    this.#actions = new Map(actions.map((action) => [action.id, action]));
    this.#unavailable = new Map(unavailable.map((action) => [action.id, action]));
  }

  get(id: string): ActionDefinition | undefined {
    return this.#actions.get(id);
  }

  list(): readonly ActionDefinition[] {
    return [...this.#actions.values()];
  }

  /** Actions left out, with why, for the operator; never offered to users. */
  unavailable(): readonly UnavailableAction[] {
    return [...this.#unavailable.values()];
  }

  /** The environment variables holding webhook secrets: their values must never be logged. */
  secretVariables(): readonly string[] {
    return this.#secretVariables;
  }

  /** What the operator should hear at start-up about the actions offered (plain http, …). */
  warnings(): readonly string[] {
    return this.#warnings;
  }

  require(id: string): Result<ActionDefinition, UnknownActionCode> {
    const action = this.#actions.get(id);
    if (action !== undefined) return ok(action);
    const missing = this.#unavailable.get(id);
    if (missing !== undefined) {
      return refuse(
        "ACTION.UNAVAILABLE",
        `"${missing.title}" is not available right now: its webhook secret is not configured. Ask the team that runs the bot.`,
      );
    }
    const known = [...this.#actions.keys()].sort();
    const hint =
      known.length === 0 ? "No actions are configured." : `Known actions: ${known.join(", ")}.`;
    return refuse("ACTION.UNKNOWN", `There is no action "${id}". ${hint}`);
  }
}

function defaultSourceName(action: Pick<ActionDefinition, "source">): string {
  return action.source === "module" ? "a TypeScript module" : "the actions file";
}

export interface LoadActionRegistryOptions {
  /** Path of the YAML file (ACTIONS_FILE); undefined: modules only. */
  readonly actionsFile?: string;
  /** False when actionsFile is only the default path, which may be absent. */
  readonly actionsFileRequired?: boolean;
  readonly env: Env;
  /**
   * The action types written in TypeScript (src/actions' builtinActions, for the bot). Given by
   * the caller: the actions are defined with this folder's helpers, so importing them here would
   * make a cycle.
   */
  readonly modules: readonly ActionDefinition[];
}

export async function loadActionRegistry(
  options: LoadActionRegistryOptions,
): Promise<ActionRegistry> {
  const { actionsFile, actionsFileRequired = true, env, modules } = options;
  const fromFile =
    actionsFile === undefined
      ? { actions: [], unavailable: [], secretVariables: [], warnings: [] }
      : await loadActionsFile(actionsFile, env, { required: actionsFileRequired });
  return new ActionRegistry(
    [...modules, ...fromFile.actions],
    (action) =>
      action.source === "module"
        ? "a TypeScript module (src/actions)"
        : `ACTIONS_FILE ${actionsFile ?? "(none)"}`,
    fromFile.unavailable,
    fromFile.secretVariables,
    fromFile.warnings,
  );
}
