import type { App, BlockAction, StaticSelectAction } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { ACTION, BLOCK, HOME_ACTION, INPUT } from "../../ids.ts";
import { chooseAction, chooseEnvironment } from "./choose-action.ts";
import { approveButton, declineButton } from "./decision-buttons.ts";
import { endDelegationButton, setDelegateButton } from "./delegation-buttons.ts";
import { homeClearFilters, homeFilter, homeNewRequest, homePage } from "./home-actions.ts";
import { cancelButton, duplicateButton, nudgeButton } from "./maker-buttons.ts";
import { acknowledgeButton, flagButton } from "./review-buttons.ts";
import { homeDetails, storyPage } from "./story-actions.ts";

export function registerActionListeners(app: App, deps: SlackDeps): void {
  app.action(ACTION.chooseAction, chooseAction(deps));
  app.action<BlockAction<StaticSelectAction>>(
    { block_id: BLOCK.environment, action_id: INPUT },
    chooseEnvironment(deps),
  );
  app.action(ACTION.approve, approveButton(deps));
  app.action(ACTION.decline, declineButton(deps));
  app.action(ACTION.cancel, cancelButton(deps));
  app.action(ACTION.nudge, nudgeButton(deps));
  app.action(ACTION.duplicate, duplicateButton(deps));
  app.action(ACTION.acknowledge, acknowledgeButton(deps));
  app.action(ACTION.flag, flagButton(deps));
  // The link opens in Slack by itself; the click only needs an answer.
  app.action(ACTION.openRequest, async ({ ack }) => {
    await ack();
  });
  for (const filter of [
    HOME_ACTION.filterEnvironment,
    HOME_ACTION.filterTeam,
    HOME_ACTION.filterMaker,
    HOME_ACTION.filterChecker,
    HOME_ACTION.filterAction,
    HOME_ACTION.filterStatus,
    HOME_ACTION.filterBreakGlass,
    HOME_ACTION.filterFrom,
    HOME_ACTION.filterTo,
  ]) {
    app.action(filter, homeFilter(deps));
  }
  app.action(HOME_ACTION.clearFilters, homeClearFilters(deps));
  app.action(HOME_ACTION.newerPage, homePage(deps));
  app.action(HOME_ACTION.olderPage, homePage(deps));
  app.action(HOME_ACTION.details, homeDetails(deps));
  app.action(HOME_ACTION.storyOlder, storyPage(deps));
  app.action(HOME_ACTION.storyNewer, storyPage(deps));
  app.action(HOME_ACTION.newRequest, homeNewRequest(deps));
  app.action(HOME_ACTION.setDelegate, setDelegateButton(deps));
  app.action(HOME_ACTION.endDelegation, endDelegationButton(deps));
}
