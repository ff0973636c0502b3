import { createHmac, randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../core/errors.ts";
import { makePrivateDir } from "../core/private-files.ts";

/** The secret that seals the audit chain, and a fingerprint of it that is safe to store. */
export interface AuditKey {
  readonly secret: Buffer;
  /** First 16 hex digits of HMAC(secret, "audit-key-id"): tells keys apart, reveals nothing. */
  readonly id: string;
}

export const MIN_KEY_BYTES = 32;
export const KEY_FILE_NAME = "audit.key";

export function auditKeyFrom(secret: string | Buffer): AuditKey {
  const bytes = typeof secret === "string" ? Buffer.from(secret, "utf8") : secret;
  if (bytes.length < MIN_KEY_BYTES) {
    throw new ConfigError(
      `AUDIT_KEY must be at least ${MIN_KEY_BYTES} bytes long (generate one with: openssl rand -hex 32)`,
    );
  }
  const id = createHmac("sha256", bytes).update("audit-key-id").digest("hex").slice(0, 16);
  return { secret: bytes, id };
}

export interface LoadedAuditKey {
  readonly key: AuditKey;
  /** Set when the key came from (or was just written to) a file rather than AUDIT_KEY. */
  readonly generatedFile?: string;
  readonly created: boolean;
}

/**
 * AUDIT_KEY when set; otherwise the key kept in DATA_DIR, generated on first use. A generated key
 * lives next to the embedded database, so whoever copies one can copy the other: fine to try the
 * product, not for production, hence the warning the caller prints.
 */
export async function loadAuditKey(
  auditKey: string | undefined,
  dataDir: string,
  options: { readonly create?: boolean } = {},
): Promise<LoadedAuditKey> {
  if (auditKey) return { key: auditKeyFrom(auditKey), created: false };
  const file = path.resolve(dataDir, KEY_FILE_NAME);
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new ConfigError(`Cannot read the audit key file ${file}: ${error.message}`);
  });
  if (existing !== undefined) {
    return { key: auditKeyFrom(existing.trim()), generatedFile: file, created: false };
  }
  // Tools that only read the trail must not mint a key: it could never verify what is stored.
  if (options.create === false) {
    throw new ConfigError(
      `No audit key: AUDIT_KEY is not set and there is no key file at ${file}. Set AUDIT_KEY to the key the bot seals the trail with.`,
    );
  }
  await makePrivateDir(path.dirname(file));
  const secret = randomBytes(32).toString("hex");
  try {
    // "wx": if another process won the race to create it, use theirs instead of overwriting it.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return loadAuditKey(undefined, dataDir);
  }
  return { key: auditKeyFrom(secret), generatedFile: file, created: true };
}
