import { stat } from "node:fs/promises";
import path from "node:path";
import { describeError } from "../core/errors.ts";
import { assertSameAuditKey, lastSealedEvent } from "../db/audit-key-check.ts";
import type { Database } from "../db/database.ts";
import { KEY_FILE_NAME, type LoadedAuditKey, loadAuditKey } from "../trail/key.ts";
import { type CheckResult, count, failed, passed, warning } from "./check-result.ts";

export interface AuditKeySettings {
  readonly auditKey: string | undefined;
  readonly dataDir: string;
}

/**
 * Finds the key the bot would seal the trail with, without generating one, and, when the
 * database could be looked into, checks it is the key that sealed the events already there: the
 * bot refuses to start otherwise. Only the key's fingerprint (its id) is ever shown.
 */
export async function checkAuditKey(
  settings: AuditKeySettings,
  database: Database | undefined,
  notInspected = "the database was not checked",
): Promise<CheckResult> {
  const file = path.resolve(settings.dataDir, KEY_FILE_NAME);
  const noKey = !settings.auditKey && !(await exists(file));
  let loaded: LoadedAuditKey | undefined;
  if (!noKey) {
    try {
      loaded = await loadAuditKey(settings.auditKey, settings.dataDir, { create: false });
    } catch (error) {
      return failed(`Audit key: ${describeError(error)}`, {
        fix: `Put the key the trail was sealed with back into ${file}, or set AUDIT_KEY to it.`,
      });
    }
  }
  const last = database ? await lastSealedEvent(database) : null;
  if (loaded === undefined) {
    if (last) {
      return failed(
        `Audit key: AUDIT_KEY is not set and there is no key file at ${file}, but the audit trail holds ${count(Number(last.seq), "event")} sealed with key id ${last.keyId}`,
        {
          fix: "Set AUDIT_KEY to the key the trail was written with, the same on every replica; the bot refuses to start with any other.",
        },
      );
    }
    return warning(`Audit key: AUDIT_KEY is not set; npm start will generate one in ${file}`, {
      fix: "For production set AUDIT_KEY (openssl rand -hex 32), the same on every replica, and keep a copy where the database's administrators cannot reach it.",
    });
  }
  if (database) {
    try {
      await assertSameAuditKey(database, loaded);
    } catch (error) {
      const [problem = "", fix] = describeError(error).split(/(?<=\)\.) /);
      return failed(`Audit key: ${problem.replace(/\.$/, "")}`, {
        fix: fix ?? "Set AUDIT_KEY to the key the trail was written with.",
      });
    }
  }
  const source = loaded.generatedFile
    ? `the generated key in ${loaded.generatedFile}`
    : "AUDIT_KEY";
  const trail = !database
    ? `not compared with the audit trail: ${notInspected}`
    : last
      ? `matches the audit trail (${count(Number(last.seq), "event")})`
      : "the audit trail is still empty";
  const title = `Audit key: ${source} (key id ${loaded.key.id}), ${trail}`;
  if (loaded.generatedFile) {
    return warning(title, {
      fix: "Back the file up, and before running in production set AUDIT_KEY to its contents, the same on every replica.",
    });
  }
  return passed(title);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
