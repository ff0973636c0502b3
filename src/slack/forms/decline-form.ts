import { BLOCK, INPUT } from "../ids.ts";
import { parseRequestId, type SubmittedView } from "./request-form.ts";
import { readText } from "./state.ts";

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
