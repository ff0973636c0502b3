import type { Prisma } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import type { OutboxDraft } from "../requests/notifications.ts";
import type { AuditKey } from "../trail/key.ts";
import { type HeadRow, headOf, insertSealed } from "./audit-append.ts";
import { outboxJson } from "./outbox-rows.ts";

type Executor = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** Everything one change writes: the request's row, the messages it queues, its events. */
export interface ChangeWrite {
  /**
   * The request's row after the change, keyed by column (see requestColumns): inserted when
   * `expectedVersion` is null, else written only if the stored version is still that one.
   * Absent when the change only appends events.
   */
  readonly request?: {
    readonly columns: Record<string, unknown>;
    readonly expectedVersion: number | null;
  };
  readonly outbox: readonly OutboxDraft[];
  readonly events: readonly AuditEventDraft[];
  /** When the messages were queued. */
  readonly at: Date;
}

interface ChangeRow extends HeadRow {
  applied: boolean;
}

/**
 * Writes `change` inside `tx` in two statements: request_change() (see the migrations) writes the
 * row and the outbox and ends by taking the audit chain's lock and reading its head; then the
 * events, sealed here with the key, go in with one INSERT. The caller commits at once: the lock
 * covers that INSERT and the commit, nothing else. Returns the sealed events, or null (and
 * nothing written) when the compare-and-set found that someone else changed the request.
 */
export async function writeChange(
  tx: Executor,
  key: AuditKey,
  change: ChangeWrite,
): Promise<AuditEvent[] | null> {
  const seal = change.events.length > 0;
  if (!change.request && change.outbox.length === 0 && !seal) return [];
  const request = change.request ? JSON.stringify(change.request.columns) : null;
  const [row] = await tx.$queryRaw<ChangeRow[]>`
    SELECT applied, head_seq, head_hash FROM request_change(
      ${request}::jsonb, ${change.request?.expectedVersion ?? null}::int,
      ${outboxJson(change.outbox, change.at)}::jsonb, ${change.at}::timestamptz, ${seal})`;
  if (!row?.applied) return null;
  return insertSealed(tx, key, headOf(row), change.events);
}
