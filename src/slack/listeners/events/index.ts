import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { appHomeOpened } from "./app-home-opened.ts";

export function registerEventListeners(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
}
