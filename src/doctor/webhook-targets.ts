import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** Where one webhook action of actions.yml sends its requests, and the secret it signs with. */
export interface WebhookTarget {
  readonly actionId: string;
  readonly url: string;
  readonly secretEnv: string;
}

interface FileShape {
  readonly actions?: readonly {
    readonly id?: unknown;
    readonly executor?: { readonly url?: unknown; readonly secret_env?: unknown };
  }[];
}

/**
 * The webhook targets of an actions file the registry has already validated. The loaded action
 * definitions keep their URL inside the executor, so the file is read once more for it. Undefined
 * when there is no such file (the default one is optional).
 */
export async function readWebhookTargets(file: string): Promise<WebhookTarget[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const data = parse(text) as FileShape | null;
  const targets: WebhookTarget[] = [];
  for (const action of data?.actions ?? []) {
    const { id, executor } = action;
    if (typeof id !== "string" || typeof executor?.url !== "string") continue;
    const secretEnv = typeof executor.secret_env === "string" ? executor.secret_env : "";
    targets.push({ actionId: id, url: executor.url, secretEnv });
  }
  return targets;
}
