import type { PrismaClient } from "../generated/prisma/client.ts";
import type { OutboxStatus } from "../outbox/outbox-store.ts";
import type { OutboxDraft } from "../requests/notifications.ts";

/** A client or a transaction: outbox rows are written in the change's own transaction too. */
type Executor = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

/**
 * What a draft whose key is already queued does: `keep` leaves the message as it is (a one-off
 * notice), `revise` replaces its content and sends it again, as an edit once it was posted.
 */
export type OnExisting = "keep" | "revise";

/**
 * Drafts as outbox_enqueue() (see the migrations) takes them: one JSON array, so that a change's
 * messages, however many, cost one statement. A held edit carries the time it may go out.
 */
export function outboxJson(drafts: readonly OutboxDraft[], at: Date): string {
  return JSON.stringify(
    drafts.map((draft) => ({
      key: draft.key,
      request_id: draft.requestId,
      recipient: draft.recipient,
      thread_key: draft.threadKey,
      payload: draft.payload,
      hold_until: draft.holdMs ? new Date(at.getTime() + draft.holdMs) : null,
    })),
  );
}

/**
 * The one INSERT into the outbox, outbox_enqueue(): the store's changes (through
 * request_change()) and one-off notices all use it.
 */
export async function insertOutboxRow(
  db: Executor,
  draft: OutboxDraft,
  at: Date,
  onExisting: OnExisting,
): Promise<void> {
  await db.$queryRaw`
    SELECT outbox_enqueue(${outboxJson([draft], at)}::jsonb, ${at}::timestamptz,
                          ${onExisting === "revise"})`;
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
