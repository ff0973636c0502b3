import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import {
  applyFilterChange,
  EMPTY_HOME_STATE,
  filterChange,
  pageCursor,
  parseHomeState,
} from "../../forms/home-form.ts";
import { renderRequestModal } from "../../views/request-modal.ts";
import { tell } from "./button.ts";

type HomeArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The state the clicked Home view was showing; the filters saved for the person otherwise. */
async function shownState(deps: SlackDeps, args: HomeArgs) {
  const metadata = args.body.view?.private_metadata;
  return metadata ? parseHomeState(metadata) : deps.home.remembered(args.body.user.id);
}

/** A filter select: the list again, filtered, from its first page. */
export function homeFilter(deps: SlackDeps) {
  return async (args: HomeArgs) => {
    await args.ack();
    const change = filterChange(args.action.action_id, args.action);
    if (!change) return;
    const state = applyFilterChange(await shownState(deps, args), change);
    await deps.home.publish(args.body.user.id, state);
  };
}

export function homeClearFilters(deps: SlackDeps) {
  return async (args: HomeArgs) => {
    await args.ack();
    await deps.home.publish(args.body.user.id, EMPTY_HOME_STATE);
  };
}

/** "← Newer" / "Older →": the same filters, another page. */
export function homePage(deps: SlackDeps) {
  return async (args: HomeArgs) => {
    await args.ack();
    const value = "value" in args.action ? args.action.value : undefined;
    const cursor = pageCursor(args.action.action_id, value);
    if (!cursor) return;
    const { filter } = await shownState(deps, args);
    await deps.home.publish(args.body.user.id, { filter, cursor });
  };
}

/** "New request": the same form /request opens; with no channel, its confirmation comes by DM. */
export function homeNewRequest(deps: SlackDeps) {
  return async (args: HomeArgs) => {
    await args.ack();
    const userId = args.body.user.id;
    const actions = await deps.requests.requestableActions(userId);
    if (actions.length === 0) {
      await tell(
        args,
        "There is nothing you can ask for yet: ask an admin to let you request an action.",
      );
      return;
    }
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renderRequestModal({
        actions,
        environments: [],
        metadata: {},
        maxCheckers: deps.requests.limits.maxCheckers,
      }),
    });
  };
}
