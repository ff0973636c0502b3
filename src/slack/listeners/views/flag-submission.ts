import type { SlackDeps } from "../../deps.ts";
import { parseFlagForm } from "../../forms/decision-forms.ts";
import { BLOCK } from "../../ids.ts";
import { decisionFormSubmission } from "./decision-form-submission.ts";

/** Records a reviewer's flag on a break-glass use, with what looks wrong. */
export function flagSubmission(deps: SlackDeps) {
  return decisionFormSubmission(deps, {
    block: BLOCK.note,
    parse: parseFlagForm,
    save: ({ requestId, note }, actorId) =>
      deps.requests.reviewBreakGlass({ requestId, actorId, verdict: "FLAGGED", note }),
    savedLate: ":triangular_flag_on_post: Flagged. The maker and the audit channel have been told.",
    notSaved:
      ":warning: The flag could not be saved (our database did not answer). Nothing changed: click Flag on the alert again in a moment.",
    verb: "flag",
    button: "Flag",
  });
}
