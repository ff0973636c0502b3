import type { Writable } from "node:stream";
import { builtinActions } from "../actions/index.ts";
import { creationLookup, type ExportMasking } from "../audit/mask-export.ts";
import type { EventReader } from "../audit/trail-reader.ts";
import { loadEngineConfig } from "../config/engine-config.ts";
import { AppError } from "../core/errors.ts";
import { type ActionRegistry, loadActionRegistry } from "../factory/registry.ts";
import { sensitivityOf } from "../requests/redact-request.ts";

/**
 * What `export` masks: the params the bot's actions declare sensitive, as the bot would load them
 * (ACTIONS_FILE and the TypeScript actions). An action it cannot load (gone, or its webhook secret
 * not set here) has every param masked; so does every action when the file cannot be read.
 */
export async function exportMasking(
  env: Readonly<Record<string, string | undefined>> | undefined,
  trail: Pick<EventReader, "creationEvent">,
  stderr: Writable,
): Promise<ExportMasking> {
  const registry = env ? await loadActions(env, stderr) : null;
  const byAction = new Map<string, (param: string) => boolean>();
  return {
    isSensitive(actionId, param) {
      let sensitive = byAction.get(actionId);
      if (sensitive === undefined) {
        sensitive = sensitivityOf(registry?.get(actionId));
        byAction.set(actionId, sensitive);
      }
      return sensitive(param);
    },
    creationOf: creationLookup(trail),
  };
}

async function loadActions(
  env: Readonly<Record<string, string | undefined>>,
  stderr: Writable,
): Promise<ActionRegistry | null> {
  try {
    const config = loadEngineConfig(env);
    return await loadActionRegistry({
      actionsFile: config.actionsFile,
      actionsFileRequired: config.actionsFileRequired,
      env,
      modules: builtinActions,
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const reason = error.message.split("\n")[0] ?? "";
    stderr.write(`The actions could not be loaded (${reason}), so every param is masked.\n`);
    return null;
  }
}
