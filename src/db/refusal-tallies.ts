import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEventDraft } from "../requests/audit-events.ts";
import {
  isOpen,
  type RefusalTally,
  type RefusedAttempt,
  type RepeatSealing,
} from "../requests/refused-attempts.ts";

type Tx = Prisma.TransactionClient;

/** What identifies one kind of refused attempt: the table's primary key. */
export interface TallyKey {
  /** The request's id, or "" for an attempt to create one. */
  readonly subject: string;
  readonly actor: string;
  readonly attempted: string;
  readonly code: string;
}

interface TallyRow extends TallyKey {
  message: string;
  first_event_id: string;
  opened_at: Date;
  repeats: number;
  first_repeat_at: Date | null;
  last_repeat_at: Date | null;
}

/** A first attempt is claimed, then found claimed, at most this often before giving up. */
const MAX_TRIES = 3;

/**
 * Records a refused attempt in `tx` (see RequestStore.appendRefusal): a repeat within an open
 * window only bumps its row, without the audit chain's lock; the first of a window is sealed,
 * after the repeats of the window before it. The row's lock orders concurrent attempts, in this
 * process or another. Returns the events to seal, in order, for the caller to seal last in the
 * same transaction (none when the attempt was counted).
 */
export async function recordRefusal(
  tx: Tx,
  attempt: RefusedAttempt,
  sealing: RepeatSealing,
): Promise<AuditEventDraft[]> {
  const key = keyOf(attempt);
  const now = attempt.event.at;
  const cutoff = new Date(now.getTime() - sealing.windowMs);
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    if ((await countRepeat(tx, key, now, attempt.message, cutoff)) > 0) return [];
    const claimed = await tx.$executeRaw`
      INSERT INTO refusal_tallies (subject, actor, attempted, code, message, first_event_id, opened_at)
      VALUES (${key.subject}, ${key.actor}, ${key.attempted}, ${key.code}, ${attempt.message},
              ${attempt.event.id}::uuid, ${now})
      ON CONFLICT DO NOTHING`;
    if (claimed > 0) return [attempt.event];
    // A row exists whose window is closed, or which another attempt has just opened.
    const [row] = await tx.$queryRaw<TallyRow[]>`
      SELECT * FROM refusal_tallies
      WHERE subject = ${key.subject} AND actor = ${key.actor}
        AND attempted = ${key.attempted} AND code = ${key.code}
      FOR UPDATE`;
    if (!row) continue; // sealed and removed meanwhile by a sweep: claim it again
    const tally = toTally(row);
    if (isOpen(tally, now, sealing.windowMs)) {
      await countRepeat(tx, key, now, attempt.message, cutoff);
      return [];
    }
    const summary = tally.repeats > 0 ? [sealing.summarize(tally, attempt.about, now)] : [];
    await tx.$executeRaw`
      UPDATE refusal_tallies
      SET opened_at = ${now}, first_event_id = ${attempt.event.id}::uuid, message = ${attempt.message},
          repeats = 0, first_repeat_at = NULL, last_repeat_at = NULL
      WHERE subject = ${key.subject} AND actor = ${key.actor}
        AND attempted = ${key.attempted} AND code = ${key.code}`;
    return [...summary, attempt.event];
  }
  throw new Error(`refused attempts by ${key.actor} kept changing while being recorded`);
}

function countRepeat(tx: Tx, key: TallyKey, now: Date, message: string, cutoff: Date) {
  return tx.$executeRaw`
    UPDATE refusal_tallies
    SET repeats = repeats + 1, first_repeat_at = COALESCE(first_repeat_at, ${now}),
        last_repeat_at = ${now}, message = ${message}
    WHERE subject = ${key.subject} AND actor = ${key.actor}
      AND attempted = ${key.attempted} AND code = ${key.code} AND opened_at > ${cutoff}`;
}

/**
 * The windows closed by `cutoff` that have repeats to seal, oldest first; those without any are
 * forgotten here (their one attempt is sealed already).
 */
export async function closedTallies(
  prisma: PrismaClient,
  cutoff: Date,
  limit: number,
): Promise<TallyKey[]> {
  await prisma.$executeRaw`DELETE FROM refusal_tallies WHERE opened_at <= ${cutoff} AND repeats = 0`;
  return prisma.$queryRaw<TallyKey[]>`
    SELECT subject, actor, attempted, code FROM refusal_tallies
    WHERE opened_at <= ${cutoff}
    ORDER BY opened_at
    LIMIT ${limit}`;
}

/**
 * Removes a closed window in `tx` and returns it, for its repeats to be sealed in the same
 * transaction; null when another sweep (or a new attempt) got to it first.
 */
export async function takeClosedTally(
  tx: Tx,
  key: TallyKey,
  cutoff: Date,
): Promise<RefusalTally | null> {
  const [row] = await tx.$queryRaw<TallyRow[]>`
    DELETE FROM refusal_tallies
    WHERE subject = ${key.subject} AND actor = ${key.actor}
      AND attempted = ${key.attempted} AND code = ${key.code} AND opened_at <= ${cutoff}
    RETURNING *`;
  return row ? toTally(row) : null;
}

function keyOf(attempt: RefusedAttempt): TallyKey {
  return {
    subject: attempt.event.requestId ?? "",
    actor: attempt.event.actor,
    attempted: attempt.attempted,
    code: attempt.code,
  };
}

function toTally(row: TallyRow): RefusalTally {
  return {
    requestId: row.subject || null,
    actor: row.actor,
    attempted: row.attempted,
    code: row.code,
    message: row.message,
    firstEventId: row.first_event_id,
    openedAt: new Date(row.opened_at),
    repeats: Number(row.repeats),
    firstRepeatAt: row.first_repeat_at ? new Date(row.first_repeat_at) : null,
    lastRepeatAt: row.last_repeat_at ? new Date(row.last_repeat_at) : null,
  };
}
