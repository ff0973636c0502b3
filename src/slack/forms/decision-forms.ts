import { BLOCK, INPUT } from "../ids.ts";
import { parseRequestId, type SubmittedView } from "./request-form.ts";
import { readText } from "./state.ts";

/** The forms a decider fills in with one text: why they decline, or why they flag. */
export interface DeclineForm {
  /** From private_metadata; null when it is missing or not a request id. */
  readonly requestId: string | null;
  /** As typed; the core trims it and refuses an empty one. */
  readonly reason: string;
}

export function parseDeclineForm(view: SubmittedView): DeclineForm {
  return {
    requestId: parseRequestId(view.private_metadata),
    reason: readText(view.state.values, BLOCK.reason, INPUT),
  };
}

export interface FlagForm {
  readonly requestId: string | null;
  readonly note: string;
}

export function parseFlagForm(view: SubmittedView): FlagForm {
  return {
    requestId: parseRequestId(view.private_metadata),
    note: readText(view.state.values, BLOCK.note, INPUT),
  };
}
