import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { ACTION } from "../../ids.ts";
import { chooseAction } from "./choose-action.ts";
import { approveButton, declineButton } from "./decision-buttons.ts";
import { cancelButton, duplicateButton, nudgeButton } from "./maker-buttons.ts";

export function registerActionListeners(app: App, deps: SlackDeps): void {
  app.action(ACTION.chooseAction, chooseAction(deps));
  app.action(ACTION.approve, approveButton(deps));
  app.action(ACTION.decline, declineButton(deps));
  app.action(ACTION.cancel, cancelButton(deps));
  app.action(ACTION.nudge, nudgeButton(deps));
  app.action(ACTION.duplicate, duplicateButton(deps));
}
