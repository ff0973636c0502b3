import type { JsonObject } from "../core/json.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type {
  DeadMessage,
  OutboxMessage,
  OutboxStatus,
  OutboxStore,
  Whereabouts,
} from "../outbox/outbox-store.ts";
import type { OutboxDraft } from "../requests/notifications.ts";
import { countOutbox, insertOutboxRow } from "./outbox-rows.ts";

interface OutboxRow {
  key: string;
  request_id: string | null;
  request_number: number | null;
  correlation_id: string | null;
  recipient: string;
  thread_key: string | null;
  payload: JsonObject;
  revision: number;
  sent_revision: number;
  channel: string | null;
  ts: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The outbox table, in SQL: claims use `FOR UPDATE SKIP LOCKED` and a lease, so several replicas
 * can dispatch side by side without sending a message twice or waiting on each other.
 */
export class PrismaOutboxStore implements OutboxStore {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  /** Leases up to `limit` due messages for `leaseMs`, oldest first. */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const until = new Date(now.getTime() + leaseMs);
    const rows = await this.#prisma.$queryRaw<OutboxRow[]>`
      WITH claimed AS (
        UPDATE outbox_messages SET locked_until = ${until}
        WHERE key IN (
          SELECT key FROM outbox_messages
          WHERE status = 'PENDING' AND next_attempt_at <= ${now}
            AND (locked_until IS NULL OR locked_until < ${now})
          ORDER BY created_at, key
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING *)
      SELECT claimed.*, r.number AS request_number, r.correlation_id::text AS correlation_id
      FROM claimed LEFT JOIN requests r ON r.id = claimed.request_id`;
    return rows.map(toMessage).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Where Slack shows a message: needed to thread replies under it. */
  async locate(key: string): Promise<Whereabouts> {
    const row = await this.#prisma.outboxMessage.findUnique({
      where: { key },
      select: { channel: true, ts: true, status: true },
    });
    if (row?.channel && row.ts) return { channel: row.channel, ts: row.ts };
    return row?.status === "DEAD" ? "never" : "not-yet";
  }

  /**
   * Records a delivery of `revision`. If the content changed meanwhile, the message stays PENDING
   * so the newer content is sent as an edit.
   */
  async markSent(
    message: OutboxMessage,
    at: Date,
    where: { channel: string; ts: string },
  ): Promise<void> {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET
        channel = ${where.channel}, ts = ${where.ts},
        sent_revision = GREATEST(sent_revision, ${message.revision}),
        status = (CASE WHEN revision = ${message.revision} THEN 'SENT' ELSE 'PENDING' END)::"OutboxStatus",
        attempts = 0, locked_until = NULL, last_error = NULL, updated_at = ${at}
      WHERE key = ${message.key}`;
  }

  /** Schedules another attempt; a newer revision written meanwhile keeps its own schedule. */
  async markRetry(message: OutboxMessage, at: Date, nextAttemptAt: Date, error: string) {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET
        attempts = attempts + 1, next_attempt_at = ${nextAttemptAt}, locked_until = NULL,
        last_error = ${error}, updated_at = ${at}
      WHERE key = ${message.key} AND revision = ${message.revision}`;
    await this.#release(message);
  }

  /** Waits for something else (a thread's parent) without counting an attempt. */
  async defer(message: OutboxMessage, at: Date, nextAttemptAt: Date, reason: string) {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET
        next_attempt_at = ${nextAttemptAt}, locked_until = NULL, last_error = ${reason},
        updated_at = ${at}
      WHERE key = ${message.key}`;
  }

  async markDead(message: OutboxMessage, at: Date, error: string): Promise<void> {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET
        status = 'DEAD', attempts = attempts + 1, locked_until = NULL, last_error = ${error},
        updated_at = ${at}
      WHERE key = ${message.key} AND revision = ${message.revision}`;
    await this.#release(message);
  }

  /** Forgets where a message was, so the next attempt posts it anew (it was deleted in Slack). */
  async forgetLocation(message: OutboxMessage): Promise<void> {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET channel = NULL, ts = NULL WHERE key = ${message.key}`;
  }

  /** Queues a one-off message unless one with this key exists. */
  async enqueue(draft: OutboxDraft, at: Date): Promise<void> {
    await insertOutboxRow(this.#prisma, draft, at, "keep");
  }

  /**
   * Sends a message again with its current content, as an edit when it was posted: something it
   * shows besides its content changed (who could be reached). A dead one stays dead.
   */
  async touch(key: string, at: Date): Promise<boolean> {
    const touched = await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET
        revision = revision + 1, status = 'PENDING', attempts = 0, next_attempt_at = ${at},
        updated_at = ${at}
      WHERE key = ${key} AND status <> 'DEAD'`;
    return touched > 0;
  }

  /** The messages about a request that were given up on, with why. */
  async deadOf(requestId: string): Promise<DeadMessage[]> {
    return this.#prisma.outboxMessage.findMany({
      where: { requestId, status: "DEAD" },
      select: { key: true, recipient: true, ts: true, lastError: true, attempts: true },
      orderBy: { key: "asc" },
    });
  }

  /** Whether a message with this key was ever queued. */
  async exists(key: string): Promise<boolean> {
    return (await this.#prisma.outboxMessage.count({ where: { key } })) > 0;
  }

  /** Messages for the operator: by status, newest first. */
  async list(filter: { status?: OutboxStatus; limit: number }): Promise<OutboxMessage[]> {
    const rows = await this.#prisma.outboxMessage.findMany({
      where: filter.status ? { status: filter.status } : {},
      orderBy: [{ updatedAt: "desc" }, { key: "asc" }],
      take: filter.limit,
    });
    // The operator's listing shows request ids; only the dispatcher's log lines need the rest.
    return rows.map((row) => ({
      ...row,
      payload: row.payload as JsonObject,
      requestNumber: null,
      correlationId: null,
    }));
  }

  counts(): Promise<Record<OutboxStatus, number>> {
    return countOutbox(this.#prisma);
  }

  /** A lease is released by the update that ends the attempt; this covers a lost revision race. */
  async #release(message: OutboxMessage): Promise<void> {
    await this.#prisma.$executeRaw`
      UPDATE outbox_messages SET locked_until = NULL WHERE key = ${message.key}`;
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    key: row.key,
    requestId: row.request_id,
    requestNumber: row.request_number,
    correlationId: row.correlation_id,
    recipient: row.recipient,
    threadKey: row.thread_key,
    payload: row.payload,
    revision: row.revision,
    sentRevision: row.sent_revision,
    channel: row.channel,
    ts: row.ts,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
