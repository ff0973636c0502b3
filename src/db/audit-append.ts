import type { Prisma } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import { type ChainHead, EMPTY_HEAD, sealEvent } from "../trail/chain.ts";
import type { AuditKey } from "../trail/key.ts";

/**
 * Serialises appends to the one audit chain across every process sharing the database. A
 * transaction-level lock, released by commit or rollback: session-level locks would leak with a
 * connection pool.
 */
const AUDIT_CHAIN_LOCK = 0x4175_6469; // "Audi"

/**
 * Seals `draft` onto the end of the chain inside `tx`: whatever else the transaction writes
 * (a request, a delegation) is stored with its event or not at all.
 */
export async function appendSealed(
  tx: Prisma.TransactionClient,
  key: AuditKey,
  draft: AuditEventDraft,
): Promise<AuditEvent> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const head: ChainHead = last ? { seq: Number(last.seq), hash: last.hash } : EMPTY_HEAD;
  const event = sealEvent(key, head, draft);
  await tx.auditEvent.create({
    data: { ...event, seq: BigInt(event.seq), details: event.details as Prisma.InputJsonObject },
  });
  return event;
}
