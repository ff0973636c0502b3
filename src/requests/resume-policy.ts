import type { ActionDefinition } from "../factory/types.ts";
import type { AuditEvent, AuditEventDraft } from "./audit-events.ts";
import type { RequestRecord } from "./types.ts";

/**
 * An execution whose process stopped before recording its outcome is run again at most this many
 * times. Something that stops the bot every time it runs an action (a crash it provokes, a
 * database that refuses its outcome) must not run that action without end.
 */
export const MAX_RESUMES = 3;

/** Shown to the maker and checkers of a non-idempotent action the bot stopped in the middle of. */
export const INTERRUPTED_ERROR =
  "Interrupted — check the target system: the bot stopped while this action was running, and running it again could do it twice.";

/** Shown when an idempotent action was interrupted once more after MAX_RESUMES resumes. */
export function interruptedTooOften(interruptions: number): string {
  return `Interrupted ${interruptions} times — check the target system: the bot stopped each time while this action was running, so it is not run again.`;
}

export type ResumeStep = Pick<AuditEventDraft, "type" | "toStatus" | "details">;

/**
 * What to do with `request`, EXECUTING, whose process stopped: run it again (EXECUTION_RESUMED,
 * numbered), or end it FAILED as interrupted. Counted from the trail, `events` (the request's
 * own and its duplicates'), so every process, and every restart, counts the same resumes.
 */
export function resumeStep(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  events: readonly AuditEvent[],
): ResumeStep {
  if (action && !action.idempotent) {
    return {
      type: "REQUEST_FAILED",
      toStatus: "FAILED",
      details: { error: INTERRUPTED_ERROR, result: null, interrupted: true },
    };
  }
  const resumes = events.filter(
    (event) => event.requestId === request.id && event.type === "EXECUTION_RESUMED",
  ).length;
  if (resumes >= MAX_RESUMES) {
    // The first run and every resume were interrupted.
    const interruptions = resumes + 1;
    return {
      type: "REQUEST_FAILED",
      toStatus: "FAILED",
      details: {
        error: interruptedTooOften(interruptions),
        result: null,
        interrupted: true,
        interruptions,
      },
    };
  }
  return {
    type: "EXECUTION_RESUMED",
    toStatus: "EXECUTING",
    details: {
      reason: "the process running it stopped before it finished",
      resume: resumes + 1,
      maxResumes: MAX_RESUMES,
    },
  };
}
