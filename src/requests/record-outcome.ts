import { AppError, describeError } from "../core/errors.ts";
import type { ExecutionOutcome } from "../factory/types.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import type { LeaseHolder } from "./lease.ts";
import { cappedText, storableOutcome, storableText } from "./storable-outcome.ts";
import type { RequestStore, Written } from "./store.ts";
import type { RequestRecord } from "./types.ts";

/** The FAILED error when the action ran but what it answered could not be written down. */
export const UNRECORDED_ERROR =
  "The action ran, but its outcome could not be recorded, so it is not run again: check the target system to see whether it was done.";

export type OutcomeChange = Pick<AuditEventDraft, "type" | "toStatus" | "details">;

/** FINISHED or FAILED with what the executor answered, made storable. */
export function outcomeChange(outcome: ExecutionOutcome): OutcomeChange {
  const storable = storableOutcome(outcome);
  return storable.ok
    ? { type: "REQUEST_FINISHED", toStatus: "FINISHED", details: { result: storable.result } }
    : {
        type: "REQUEST_FAILED",
        toStatus: "FAILED",
        details: { error: storable.error, result: storable.result ?? null },
      };
}

/** The minimal FAILED written when the outcome itself was refused: nothing of the answer in it. */
export function unrecordedChange(error: unknown): OutcomeChange {
  // The database's own words are on the last line of a driver error; enough for an operator.
  const lines = describeError(error)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const reason = storableText(cappedText(lines.at(-1) ?? "unknown error", 300));
  return {
    type: "REQUEST_FAILED",
    toStatus: "FAILED",
    details: { error: UNRECORDED_ERROR, result: null, unrecorded: true, reason },
  };
}

/** How many times a write that lost a race to a change that kept the lease is tried again. */
const MAX_ATTEMPTS = 5;

/**
 * Records the outcome of the execution `request` (as this process moved it to EXECUTING) ends
 * with. If the database refuses it, a second, minimal transition ends the request FAILED with
 * UNRECORDED_ERROR, so an outcome that cannot be recorded never leaves the request running, to be
 * resumed and run again. A change meanwhile that kept this process's lease (a break-glass review)
 * is written over; one that took the lease (another process resumed it) wins: REQUEST.LOST_RACE.
 * Throws when even the minimal transition fails (the database is away): the request stays
 * EXECUTING, and is resumed when its lease runs out, a bounded number of times.
 */
export async function recordOutcome(options: {
  readonly store: RequestStore;
  readonly request: RequestRecord;
  readonly lease: LeaseHolder;
  readonly outcome: ExecutionOutcome;
  readonly draft: (current: RequestRecord, change: OutcomeChange) => AuditEventDraft;
}): Promise<Written> {
  const { store, lease, draft } = options;
  let change = outcomeChange(options.outcome);
  let current: RequestRecord | null = options.request;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      current = await store.findById(options.request.id);
      if (!current || !(await store.holdsLease(current.id, lease))) break;
    }
    let written: Written | null;
    try {
      written = await store.transition(current, draft(current, change));
    } catch (error) {
      if (change.details.unrecorded === true) throw error;
      change = unrecordedChange(error);
      try {
        written = await store.transition(current, draft(current, change));
      } catch {
        throw error;
      }
    }
    if (written) return written;
  }
  throw new AppError(
    "REQUEST.LOST_RACE",
    `#${options.request.number} was taken over by another process while it was executing`,
  );
}
