import type { JsonObject } from "../core/json.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import type { RequestRecord } from "./types.ts";

/**
 * How long the repeats of a refused attempt are counted rather than each sealed: every sealed
 * event takes the audit chain's one lock, which everybody's changes share, so a person clicking
 * a button they may not use must not be able to hold it again and again.
 */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** A refused attempt on its way to the trail: sealed, or counted as a repeat. */
export interface RefusedAttempt {
  /** The ATTEMPT_REFUSED event, if it is the first like it in its window. */
  readonly event: AuditEventDraft;
  /** The request it was about, null for an attempt to create one. */
  readonly about: RequestRecord | null;
  readonly attempted: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The repeats of one refused attempt (same request, actor, attempt and code) since the first of
 * them was sealed, as the store keeps them until they are sealed too.
 */
export interface RefusalTally {
  readonly requestId: string | null;
  readonly actor: string;
  readonly attempted: string;
  readonly code: string;
  /** The message of the latest repeat. */
  readonly message: string;
  /** The sealed event the window started with. */
  readonly firstEventId: string;
  readonly openedAt: Date;
  readonly repeats: number;
  readonly firstRepeatAt: Date | null;
  readonly lastRepeatAt: Date | null;
}

/** How repeats are counted and sealed; given to the store by the core. */
export interface RepeatSealing {
  readonly windowMs: number;
  /** The one ATTEMPT_REFUSED standing for a window's repeats; `request` as it is at `now`. */
  summarize(tally: RefusalTally, request: RequestRecord | null, now: Date): AuditEventDraft;
}

export function repeatSealing(newId: () => string, windowMs = REPEAT_WINDOW_MS): RepeatSealing {
  return {
    windowMs,
    summarize: (tally, request, now) => ({
      id: newId(),
      type: "ATTEMPT_REFUSED",
      requestId: request?.id ?? null,
      requestNumber: request?.number ?? null,
      correlationId: request?.correlationId ?? null,
      // The event whose repeats these are: a reader follows it back to the first one.
      causationId: tally.firstEventId,
      actor: tally.actor,
      fromStatus: request?.status ?? null,
      toStatus: request?.status ?? null,
      at: now,
      details: {
        attempted: tally.attempted,
        code: tally.code,
        message: tally.message,
        count: tally.repeats,
        firstAt: (tally.firstRepeatAt ?? tally.openedAt).toISOString(),
        lastAt: (tally.lastRepeatAt ?? tally.openedAt).toISOString(),
      },
    }),
  };
}

/** The window a tally counts in is still open at `now`. */
export function isOpen(tally: Pick<RefusalTally, "openedAt">, now: Date, windowMs: number) {
  return tally.openedAt.getTime() + windowMs > now.getTime();
}

/** How many repeated attempts an ATTEMPT_REFUSED stands for: 1 for a single one. */
export function attemptsOf(details: JsonObject): number {
  return repeatsOf(details)?.count ?? 1;
}

/**
 * The repeats an ATTEMPT_REFUSED stands for, with when the first and last of them were made;
 * null when it is a single attempt (or its count is not a positive whole number).
 */
export function repeatsOf(
  details: JsonObject,
): { readonly count: number; readonly firstAt: Date; readonly lastAt: Date } | null {
  const { count, firstAt, lastAt } = details;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) return null;
  if (typeof firstAt !== "string" || typeof lastAt !== "string") return null;
  const [first, last] = [new Date(firstAt), new Date(lastAt)];
  if (Number.isNaN(first.getTime()) || Number.isNaN(last.getTime())) return null;
  return { count, firstAt: first, lastAt: last };
}

/**
 * "9 more times between 2026-01-05 09:01 and 09:09 UTC"; "9 more times at 2026-01-05 09:01 UTC"
 * when all in one minute; "once more at 2026-01-05 09:01 UTC".
 */
export function describeRepeats(repeats: NonNullable<ReturnType<typeof repeatsOf>>): string {
  const [first, last] = [minute(repeats.firstAt), minute(repeats.lastAt)];
  const times = repeats.count === 1 ? "once more" : `${repeats.count} more times`;
  if (first === last) return `${times} at ${first} UTC`;
  const end = last.slice(0, 10) === first.slice(0, 10) ? last.slice(11) : last;
  return `${times} between ${first} and ${end} UTC`;
}

function minute(at: Date): string {
  return at.toISOString().slice(0, 16).replace("T", " ");
}
