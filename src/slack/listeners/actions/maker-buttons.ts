import type { SlackDeps } from "../../deps.ts";
import { renderRequestModal } from "../../views/request-modal.ts";
import { openRequestForm } from "../checker-choices.ts";
import { requestButton, tell } from "./button.ts";
import { refreshStory } from "./story-actions.ts";

export function cancelButton(deps: SlackDeps) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const outcome = await deps.requests.cancelRequest({ requestId, actorId: userId });
    if (!outcome.ok) await tell(args, outcome.refusal.message);
    else await refreshStory(deps, args, requestId);
  });
}

export function nudgeButton(deps: SlackDeps) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const outcome = await deps.requests.nudgeCheckers({ requestId, actorId: userId });
    if (!outcome.ok) {
      await tell(args, outcome.refusal.message);
      return;
    }
    const who = outcome.value.waitingOn.map((id) => `<@${id}>`).join(", ");
    await tell(args, `Reminded ${who} about #${outcome.value.request.number}.`);
  });
}

/**
 * Opens the form filled in from the closed request; sending it files a linked new request. Only
 * for its maker: anyone else (a forged click) is told why, and never sees the maker's values.
 */
export function duplicateButton(deps: SlackDeps) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const allowed = await deps.requests.checkDuplicate({ requestId, actorId: userId });
    if (!allowed.ok) {
      await tell(args, allowed.refusal.message);
      return;
    }
    const original = allowed.value;
    const actions = await deps.requests.requestableActions(userId);
    const selected = actions.find((action) => action.id === original.actionId);
    if (!selected) {
      await tell(
        args,
        `"${deps.actions.get(original.actionId)?.title ?? original.actionId}" is no longer something you can request, so #${original.number} cannot be sent again.`,
      );
      return;
    }
    await openRequestForm(
      deps,
      args.client,
      args.body.trigger_id,
      { action: selected, environment: original.environment, makerId: userId },
      (checkerChoices) =>
        renderRequestModal({
          actions,
          selected,
          environments: deps.requests.environmentsFor(selected),
          prefill: {
            environment: original.environment,
            team: original.team,
            purpose: original.purpose,
            checkerIds: original.checkerIds,
            params: original.params,
          },
          // The confirmation shows where the button was clicked (the DM with the bot).
          metadata: {
            actionId: selected.id,
            duplicateOfId: original.id,
            ...(channelOf(args.body) ? { channelId: channelOf(args.body) } : {}),
          },
          duplicateOfNumber: original.number,
          original,
          maxCheckers: deps.requests.limits.maxCheckers,
          ...(checkerChoices ? { checkerChoices } : {}),
        }),
      args.body.view?.type === "modal",
    );
  });
}

function channelOf(body: unknown): string | undefined {
  const channel = (body as { channel?: { id?: unknown } }).channel;
  return typeof channel?.id === "string" ? channel.id : undefined;
}
