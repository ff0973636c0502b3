import type { SlackDeps } from "../../deps.ts";
import { renderFlagModal } from "../../views/flag-modal.ts";
import { formButton, requestButton, tell } from "./button.ts";

/** Acknowledge a break-glass use: the core checks it is theirs to review, and not reviewed yet. */
export function acknowledgeButton(deps: SlackDeps) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const outcome = await deps.requests.reviewBreakGlass({
      requestId,
      actorId: userId,
      verdict: "ACKNOWLEDGED",
    });
    if (!outcome.ok) await tell(args, outcome.refusal.message);
  });
}

/** Flag asks what looks wrong first, but only a reviewer who still may gets the form. */
export function flagButton(deps: SlackDeps) {
  return formButton(deps, (input) => deps.requests.checkReview(input), renderFlagModal);
}
