import type { Checkpoint } from "../audit/checkpoint.ts";
import type { SinkCursor, SinkCursorStore } from "../audit/sinks/cursor-store.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

interface CursorRow {
  name: string;
  last_seq: bigint | number;
  pending_checkpoint: Checkpoint | null;
  last_checkpoint_seq: bigint | number | null;
  lease_holder: string | null;
  lease_until: Date | null;
  attempts: number;
  last_error: string | null;
  last_error_at: Date | null;
  last_delivered_at: Date | null;
}

function toCursor(row: CursorRow): SinkCursor {
  return {
    name: row.name,
    lastSeq: Number(row.last_seq),
    pendingCheckpoint: row.pending_checkpoint,
    lastCheckpointSeq: row.last_checkpoint_seq === null ? null : Number(row.last_checkpoint_seq),
    leaseHolder: row.lease_holder,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastDeliveredAt: row.last_delivered_at,
  };
}

/**
 * The sinks' cursors in audit_sink_cursors. Every write is one statement, so each is a
 * transaction of its own: a compare-and-set on the cursor (and the lease) that either applies
 * whole or finds the row moved on and changes nothing.
 */
export class PrismaSinkCursors implements SinkCursorStore {
  readonly #db: Db;

  constructor(prisma: Db) {
    this.#db = prisma;
  }

  async lease(name: string, holder: string, now: Date, until: Date): Promise<SinkCursor | null> {
    const rows = await this.#db.$queryRaw<CursorRow[]>`
      INSERT INTO audit_sink_cursors (name, lease_holder, lease_until)
      VALUES (${name}, ${holder}, ${until}::timestamptz)
      ON CONFLICT (name) DO UPDATE SET lease_holder = EXCLUDED.lease_holder,
        lease_until = EXCLUDED.lease_until
      WHERE audit_sink_cursors.lease_holder IS NULL
        OR audit_sink_cursors.lease_holder = EXCLUDED.lease_holder
        OR audit_sink_cursors.lease_until IS NULL
        OR audit_sink_cursors.lease_until <= ${now}::timestamptz
      RETURNING *`;
    const row = rows[0];
    return row ? toCursor(row) : null;
  }

  async advance(name: string, holder: string, from: number, to: number, at: Date) {
    const changed = await this.#db.$executeRaw`
      UPDATE audit_sink_cursors SET last_seq = ${to}::int8, last_delivered_at = ${at}::timestamptz,
        attempts = 0
      WHERE name = ${name} AND last_seq = ${from}::int8 AND lease_holder = ${holder}`;
    return changed === 1;
  }

  async recordFailure(name: string, holder: string, error: string, at: Date): Promise<void> {
    await this.#db.$executeRaw`
      UPDATE audit_sink_cursors SET attempts = attempts + 1, last_error = ${error},
        last_error_at = ${at}::timestamptz
      WHERE name = ${name} AND lease_holder = ${holder}`;
  }

  async checkpointDelivered(name: string, holder: string, checkpoint: Checkpoint, at: Date) {
    const changed = await this.#db.$executeRaw`
      UPDATE audit_sink_cursors SET pending_checkpoint = NULL,
        last_checkpoint_seq = ${checkpoint.seq}::int8, last_delivered_at = ${at}::timestamptz,
        attempts = 0
      WHERE name = ${name} AND lease_holder = ${holder}
        AND pending_checkpoint = ${JSON.stringify(checkpoint)}::jsonb`;
    return changed === 1;
  }

  async offerCheckpoint(names: readonly string[], checkpoint: Checkpoint): Promise<number> {
    if (names.length === 0) return 0;
    const json = JSON.stringify(checkpoint);
    const seq = checkpoint.seq;
    // One statement: the rows that lack a cursor get one, with the checkpoint pending.
    const rows = await this.#db.$queryRaw<{ name: string }[]>`
      INSERT INTO audit_sink_cursors (name, pending_checkpoint)
      SELECT n, ${json}::jsonb FROM unnest(${names}::text[]) AS n
      ON CONFLICT (name) DO UPDATE SET pending_checkpoint = EXCLUDED.pending_checkpoint
      WHERE audit_sink_cursors.pending_checkpoint IS DISTINCT FROM EXCLUDED.pending_checkpoint
        AND (audit_sink_cursors.last_checkpoint_seq IS NULL
          OR audit_sink_cursors.last_checkpoint_seq < ${seq}::int8)
        AND (audit_sink_cursors.pending_checkpoint IS NULL
          OR (audit_sink_cursors.pending_checkpoint->>'seq')::int8 <= ${seq}::int8)
      RETURNING name`;
    return rows.length;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.#db.$executeRaw`
      UPDATE audit_sink_cursors SET lease_holder = NULL, lease_until = NULL
      WHERE name = ${name} AND lease_holder = ${holder}`;
  }

  async list(): Promise<SinkCursor[]> {
    const rows = await this.#db.$queryRaw<CursorRow[]>`
      SELECT * FROM audit_sink_cursors ORDER BY name`;
    return rows.map(toCursor);
  }
}
