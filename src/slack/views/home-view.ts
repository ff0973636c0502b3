import type { HomeView, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { actionListBlocks } from "./actions-help.ts";
import { context, header, SLACK, section } from "./blocks.ts";

const HOW_IT_WORKS = [
  "Some changes need a second pair of eyes. Ask for one here instead of in a DM:",
  "1. Type `/request` (or `/request <id>`) and fill in the form: what, where, for whom and why.",
  "2. Pick a checker. They get a message with everything they need to approve or decline.",
  "3. Once approved, the bot runs it and tells you the result. You cannot check your own request.",
].join("\n");

/** A simple App Home: what the bot does, how `/request` works, and the actions on offer. */
export function renderHomeIntro(actions: readonly ActionDefinition[]): HomeView {
  const blocks: KnownBlock[] = [
    header("Four-eyes approvals"),
    section(HOW_IT_WORKS),
    { type: "divider" },
    header("What you can request"),
  ];
  if (actions.length === 0) {
    blocks.push(context("No actions are available to you yet."));
  } else {
    blocks.push(...actionListBlocks(actions, SLACK.homeBlocks - blocks.length - 1));
    blocks.push(context("Type `/request help` in any channel to see this list again."));
  }
  return { type: "home", blocks };
}
