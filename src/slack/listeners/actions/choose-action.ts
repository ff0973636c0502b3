import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { parseRequestForm, parseRequestMetadata } from "../../forms/request-form.ts";
import { slackError } from "../../slack-directory.ts";
import { renderRequestModal } from "../../views/request-modal.ts";
import { checkerChoicesFor } from "../checker-choices.ts";

type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/**
 * Choosing an action in the form redraws it with that action's fields, keeping what was already
 * typed in the fields every action shares.
 */
export function chooseAction(deps: SlackDeps) {
  return async ({ ack, action, body, client }: SelectArgs) => {
    await ack();
    if (!body.view) return;
    await redrawRequestForm(deps, client, body, action.selected_option?.value, false);
  };
}

/** Choosing the environment redraws the form with the rule that applies there. */
export function chooseEnvironment(deps: SlackDeps) {
  return async ({ ack, body, client }: SelectArgs) => {
    await ack();
    if (!body.view) return;
    const { actionId } = parseRequestMetadata(body.view.private_metadata);
    await redrawRequestForm(deps, client, body, actionId, true);
  };
}

async function redrawRequestForm(
  deps: SlackDeps,
  client: SelectArgs["client"],
  body: SelectArgs["body"],
  actionId: string | undefined,
  keepParams: boolean,
) {
  const { requests } = deps;
  const view = body.view;
  if (!view) return;
  const actions = await requests.requestableActions(body.user.id);
  const selected = actions.find((candidate) => candidate.id === actionId);
  const typed = parseRequestForm(view, selected);
  const { actionId: _previous, ...metadata } = parseRequestMetadata(view.private_metadata);
  const environment =
    selected && requests.environmentsFor(selected).includes(typed.environment)
      ? typed.environment
      : undefined;
  const checkerChoices = await checkerChoicesFor(deps, selected, environment, body.user.id);
  const update = client.views.update({
    view_id: view.id,
    hash: view.hash,
    view: renderRequestModal({
      actions,
      ...(selected ? { selected } : {}),
      environments: selected ? requests.environmentsFor(selected) : [],
      prefill: {
        team: typed.team,
        purpose: typed.purpose,
        checkerIds: typed.checkerIds,
        ...(keepParams ? { params: typed.params } : {}),
        ...(environment ? { environment } : {}),
      },
      metadata: selected ? { ...metadata, actionId: selected.id } : metadata,
      maxCheckers: requests.limits.maxCheckers,
      ...(checkerChoices ? { checkerChoices } : {}),
    }),
  });
  // A stale hash means the form changed meanwhile (a quicker second choice): that one stands.
  await update.catch((error: unknown) => {
    if (slackError(error) !== "hash_conflict") throw error;
  });
}
