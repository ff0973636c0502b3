import type { SlackDeps } from "../../deps.ts";
import { parseDeclineForm } from "../../forms/decision-forms.ts";
import { BLOCK } from "../../ids.ts";
import { decisionFormSubmission } from "./decision-form-submission.ts";

/** Records the decline with its reason. */
export function declineSubmission(deps: SlackDeps) {
  return decisionFormSubmission(deps, {
    block: BLOCK.reason,
    parse: parseDeclineForm,
    save: ({ requestId, reason }, actorId) =>
      deps.requests.declineRequest({ requestId, actorId, reason }),
    savedLate: ":white_check_mark: Declined. The maker has been told why.",
    notSaved:
      ":warning: The decline could not be saved (our database did not answer). Nothing changed: click Decline on the request again in a moment.",
    verb: "decline",
    button: "Decline",
  });
}
