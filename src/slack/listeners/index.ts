import type { App } from "@slack/bolt";
import type { SlackDeps } from "../deps.ts";
import { registerActionListeners } from "./actions/index.ts";
import { registerCommandListeners } from "./commands/index.ts";
import { registerEventListeners } from "./events/index.ts";
import { registerFunctionListeners } from "./functions/index.ts";
import { registerOptionListeners } from "./options/index.ts";
import { registerViewListeners } from "./views/index.ts";

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommandListeners(app, deps);
  registerActionListeners(app, deps);
  registerViewListeners(app, deps);
  registerEventListeners(app, deps);
  registerOptionListeners(app, deps);
  registerFunctionListeners(app, deps);
}
