import { readFile } from "node:fs/promises";
import { engineConfigSchema } from "../config/engine-config.ts";
import { ConfigError } from "../core/errors.ts";
import { type AuditKey, auditKeyFrom, KEY_FILE_NAME } from "../trail/key.ts";

const keySetting = engineConfigSchema.pick({ AUDIT_KEY: true });

/**
 * The key `verify --file` checks seals with: the file `--key` names (the bot's
 * DATA_DIR/audit.key, or any file holding the key), else AUDIT_KEY. Never the bot's other
 * settings: an auditor has the file and the key, not the bot's environment. A file rather than
 * the key itself on the command line, which other users see in `ps` and the shell keeps.
 */
export async function fileVerifyKey(
  keyFile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<AuditKey> {
  if (keyFile !== undefined) {
    const text = await readFile(keyFile, "utf8").catch((error: Error) => {
      throw new ConfigError(`Cannot read the key file ${keyFile}: ${error.message}`, {
        cause: error,
      });
    });
    return auditKeyFrom(text.trim());
  }
  const parsed = keySetting.safeParse({ AUDIT_KEY: env.AUDIT_KEY });
  if (!parsed.success) {
    throw new ConfigError(`AUDIT_KEY ${parsed.error.issues[0]?.message ?? "is not valid"}`);
  }
  if (parsed.data.AUDIT_KEY === undefined) {
    throw new ConfigError(
      `No audit key: pass --key FILE (a file holding the key, like the bot's ${KEY_FILE_NAME}) or set AUDIT_KEY to the key the trail was sealed with. Whoever runs the bot holds it.`,
    );
  }
  return auditKeyFrom(parsed.data.AUDIT_KEY);
}
