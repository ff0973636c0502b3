import type { Prisma } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import { type ChainHead, EMPTY_HEAD, sealEvent } from "../trail/chain.ts";
import type { AuditKey } from "../trail/key.ts";

type Executor = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** The chain's head as the migration's functions return it: nulls when the trail is empty. */
export interface HeadRow {
  head_seq: bigint | number | null;
  head_hash: string | null;
}

export function headOf(row: HeadRow | undefined): ChainHead {
  return row?.head_seq != null && row.head_hash != null
    ? { seq: Number(row.head_seq), hash: row.head_hash }
    : EMPTY_HEAD;
}

/**
 * Seals `draft` onto the end of the chain inside `tx`: whatever else the transaction writes
 * (a delegation, a redrive) is stored with its event or not at all. Write everything else first:
 * the chain's lock (audit_chain_head(), see the migrations) is held from here until the commit,
 * and every writer of the trail, in any process, waits for it.
 */
export async function appendSealed(
  tx: Executor,
  key: AuditKey,
  draft: AuditEventDraft,
): Promise<AuditEvent> {
  const [row] = await tx.$queryRaw<HeadRow[]>`SELECT head_seq, head_hash FROM audit_chain_head()`;
  const [event] = await insertSealed(tx, key, headOf(row), [draft]);
  return event as AuditEvent;
}

/**
 * Seals `drafts` in order after `head`, which must have been read under the chain's lock in this
 * transaction, and stores them with one INSERT. The hash is computed here: the key never goes to
 * the database.
 */
export async function insertSealed(
  tx: Executor,
  key: AuditKey,
  head: ChainHead,
  drafts: readonly AuditEventDraft[],
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let tip = head;
  for (const draft of drafts) {
    const event = sealEvent(key, tip, draft);
    events.push(event);
    tip = event;
  }
  if (events.length === 0) return events;
  await tx.$executeRaw`
    INSERT INTO audit_events (seq, id, type, request_id, request_number, correlation_id,
      causation_id, actor, from_status, to_status, at, details, key_id, prev_hash, hash)
    SELECT seq, id, type, request_id, request_number, correlation_id, causation_id, actor,
      from_status, to_status, at, details, key_id, prev_hash, hash
    FROM jsonb_populate_recordset(NULL::audit_events, ${JSON.stringify(events.map(eventColumns))}::jsonb)`;
  return events;
}

/** An event as a row of audit_events, keyed by column name (dates as ISO strings, by JSON). */
function eventColumns(event: AuditEvent) {
  return {
    seq: event.seq,
    id: event.id,
    type: event.type,
    request_id: event.requestId,
    request_number: event.requestNumber,
    correlation_id: event.correlationId,
    causation_id: event.causationId,
    actor: event.actor,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    at: event.at,
    details: event.details,
    key_id: event.keyId,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}
