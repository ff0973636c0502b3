import { builtinActions } from "../actions/index.ts";
import { ConfigError } from "../core/errors.ts";
import { ok, type Result, refuse } from "../core/result.ts";
import { type Env, loadActionsFile } from "./actions-file.ts";
import type { ActionDefinition } from "./types.ts";

export type UnknownActionCode = "ACTION.UNKNOWN";

/** Every action type the bot knows, whichever source defined it. */
export class ActionRegistry {
  readonly #actions: ReadonlyMap<string, ActionDefinition>;

  /** Throws ConfigError when two definitions share an id. */
  constructor(actions: readonly ActionDefinition[], describeSource = defaultSourceName) {
    const byId = new Map<string, ActionDefinition>();
    for (const action of actions) {
      const earlier = byId.get(action.id);
      if (earlier !== undefined) {
        const [first, second] = [describeSource(earlier), describeSource(action)];
        const by = first === second ? `twice by ${first}` : `twice: by ${first} and by ${second}`;
        throw new ConfigError(`Action id "${action.id}" is defined ${by}. Rename one of them.`);
      }
      byId.set(action.id, action);
    }
    this.#actions = byId;
  }

  get(id: string): ActionDefinition | undefined {
    return this.#actions.get(id);
  }

  list(): readonly ActionDefinition[] {
    return [...this.#actions.values()];
  }

  require(id: string): Result<ActionDefinition, UnknownActionCode> {
    const action = this.#actions.get(id);
    if (action !== undefined) return ok(action);
    const known = [...this.#actions.keys()].sort();
    const hint =
      known.length === 0 ? "No actions are configured." : `Known actions: ${known.join(", ")}.`;
    return refuse("ACTION.UNKNOWN", `There is no action "${id}". ${hint}`);
  }
}

function defaultSourceName(action: ActionDefinition): string {
  return action.source === "module" ? "a TypeScript module" : "the actions file";
}

export interface LoadActionRegistryOptions {
  /** Path of the YAML file (ACTIONS_FILE); undefined: modules only. */
  readonly actionsFile?: string;
  /** False when actionsFile is only the default path, which may be absent. */
  readonly actionsFileRequired?: boolean;
  readonly env: Env;
  readonly modules?: readonly ActionDefinition[];
}

export async function loadActionRegistry(
  options: LoadActionRegistryOptions,
): Promise<ActionRegistry> {
  const { actionsFile, actionsFileRequired = true, env, modules = builtinActions } = options;
  const fromFile =
    actionsFile === undefined
      ? []
      : await loadActionsFile(actionsFile, env, { required: actionsFileRequired });
  return new ActionRegistry([...modules, ...fromFile], (action) =>
    action.source === "module"
      ? "a TypeScript module (src/actions)"
      : `ACTIONS_FILE ${actionsFile ?? "(none)"}`,
  );
}
