import type { Result } from "../../core/result.ts";

/** What a use case may refuse with; the words are in refusals.ts. */
export type RefusalCode =
  | "ACTION.UNKNOWN"
  | "ACTION.UNAVAILABLE"
  | "REQUEST.INVALID"
  | "REQUEST.NOT_FOUND"
  | "REQUEST.NOT_PENDING"
  | "REQUEST.NOT_A_CHECKER"
  | "REQUEST.SELF_APPROVAL"
  | "REQUEST.ALREADY_APPROVED"
  | "REQUEST.NOT_THE_MAKER"
  | "REQUEST.REASON_REQUIRED"
  | "REQUEST.NOT_DUPLICABLE"
  | "REQUEST.MAKER_NOT_ALLOWED"
  | "REQUEST.CHECKER_NOT_ALLOWED"
  | "REQUEST.CHECKER_UNAVAILABLE"
  | "REQUEST.TOO_SOON"
  | "REQUEST.NOT_DUE"
  | "REQUEST.BUSY"
  | "REQUEST.BREAK_GLASS_NOT_ALLOWED"
  | "REQUEST.NOT_BREAK_GLASS"
  | "REQUEST.ALREADY_REVIEWED"
  | "REQUEST.TRAIL_MISMATCH"
  | "REQUEST.RATE_LIMITED";

export type Outcome<T> = Result<T, RefusalCode>;

/** Refusals that are slips in a form, not attempts to break a rule: not worth an audit event. */
export const FORM_SLIPS: readonly RefusalCode[] = [
  "REQUEST.INVALID",
  "REQUEST.CHECKER_UNAVAILABLE",
];
