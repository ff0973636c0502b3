import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { requestCommand } from "./request-command.ts";

export function registerCommandListeners(app: App, deps: SlackDeps): void {
  app.command("/request", requestCommand(deps));
}
