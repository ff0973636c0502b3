import { ConfigError } from "../core/errors.ts";
import type { LoadedAuditKey } from "../trail/key.ts";
import type { Database } from "./database.ts";

/** The newest sealed event of the trail: its number and the key that sealed it. */
export interface LastSealed {
  readonly seq: bigint;
  readonly keyId: string;
}

export async function lastSealedEvent(database: Database): Promise<LastSealed | null> {
  return database.prisma.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, keyId: true },
  });
}

/**
 * Replicas sealing events with different keys would make the chain unverifiable; refuse to start
 * rather than write one event that no key can check.
 */
export async function assertSameAuditKey(
  database: Database,
  auditKey: LoadedAuditKey,
): Promise<void> {
  const last = await lastSealedEvent(database);
  if (!last || last.keyId === auditKey.key.id) return;
  const source = auditKey.generatedFile ? `the key in ${auditKey.generatedFile}` : "AUDIT_KEY";
  throw new ConfigError(
    `The audit trail was sealed with another key (key id ${last.keyId}, event ${last.seq}) than ${source} (key id ${auditKey.key.id}). Set AUDIT_KEY to the key the trail was written with, the same on every replica.`,
  );
}
