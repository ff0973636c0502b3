import type { SlackDeps } from "../../deps.ts";
import { renderDeclineModal } from "../../views/decline-modal.ts";
import { formButton, requestButton, tell } from "./button.ts";
import { refreshStory } from "./story-actions.ts";

/** Approve: the core checks who and when, and runs the request the approval completes. */
export function approveButton(deps: SlackDeps) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const outcome = await deps.requests.approveRequest({ requestId, actorId: userId });
    if (!outcome.ok) await tell(args, outcome.refusal.message);
    else await refreshStory(deps, args, requestId);
  });
}

/** Decline asks for a reason first, but only someone who may decide gets the form. */
export function declineButton(deps: SlackDeps) {
  return formButton(deps, (input) => deps.requests.checkDecision(input), renderDeclineModal);
}
