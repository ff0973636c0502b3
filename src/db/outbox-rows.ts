import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { OutboxStatus } from "../outbox/outbox-store.ts";
import type { OutboxDraft } from "../requests/notifications.ts";

/** A client or a transaction: outbox rows are written in the change's own transaction too. */
type Executor = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

/**
 * What a draft whose key is already queued does: `keep` leaves the message as it is (a one-off
 * notice), `revise` replaces its content and sends it again, as an edit once it was posted.
 */
export type OnExisting = "keep" | "revise";

/** The one INSERT into the outbox: both the store's transactions and one-off notices use it. */
export async function insertOutboxRow(
  db: Executor,
  draft: OutboxDraft,
  at: Date,
  onExisting: OnExisting,
): Promise<void> {
  const holdUntil = draft.holdMs ? new Date(at.getTime() + draft.holdMs) : null;
  // A held edit of a shown message waits; one already waiting keeps the earlier time, so a run
  // of intermediate states is never held longer than the first one.
  const conflict =
    onExisting === "keep"
      ? Prisma.sql`DO NOTHING`
      : Prisma.sql`DO UPDATE SET
          payload = excluded.payload,
          revision = outbox_messages.revision + 1,
          status = 'PENDING',
          attempts = 0,
          next_attempt_at = CASE
            WHEN ${holdUntil}::timestamptz IS NULL OR outbox_messages.ts IS NULL
              THEN excluded.next_attempt_at
            WHEN outbox_messages.status = 'PENDING'
              THEN LEAST(outbox_messages.next_attempt_at, ${holdUntil}::timestamptz)
            ELSE ${holdUntil}::timestamptz END,
          last_error = NULL,
          updated_at = excluded.updated_at`;
  await db.$executeRaw`
    INSERT INTO outbox_messages
      (key, request_id, recipient, thread_key, payload, next_attempt_at, created_at, updated_at)
    VALUES (${draft.key}, ${draft.requestId}::uuid, ${draft.recipient}, ${draft.threadKey},
            ${JSON.stringify(draft.payload)}::jsonb, ${at}, ${at}, ${at})
    ON CONFLICT (key) ${conflict}`;
}

/** How many messages are in each state: for the operator's listing and for /metrics. */
export async function countOutbox(db: Executor): Promise<Record<OutboxStatus, number>> {
  const [row] = await db.$queryRaw<Record<OutboxStatus, number>[]>`
    SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS "PENDING",
           count(*) FILTER (WHERE status = 'SENT')::int AS "SENT",
           count(*) FILTER (WHERE status = 'DEAD')::int AS "DEAD"
    FROM outbox_messages`;
  return row ?? { PENDING: 0, SENT: 0, DEAD: 0 };
}
