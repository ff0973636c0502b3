import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { HOME_ACTION } from "../../ids.ts";
import { actionOptions } from "./action-options.ts";
import { teamOptions } from "./team-options.ts";

export function registerOptionListeners(app: App, deps: SlackDeps): void {
  app.options(HOME_ACTION.filterTeam, teamOptions(deps));
  app.options(HOME_ACTION.filterAction, actionOptions(deps));
}
