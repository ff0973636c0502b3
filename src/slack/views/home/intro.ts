import type { KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { Delegation } from "../../../requests/delegation.ts";
import { HOME_ACTION, HOME_BLOCK } from "../../ids.ts";
import { button, confirmDialog, context, mention, oneLine, safe, section } from "../blocks.ts";
import { slackTime } from "../time-token.ts";

/** How many titles the "New request" hint names before saying "and N more". */
const HINT_TITLES = 5;

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function newRequestHint(requestable: readonly ActionDefinition[] | undefined): string {
  if (requestable === undefined) {
    return "Ask for a change here or with `/request` in any channel; `/request help` lists what you can ask for.";
  }
  if (requestable.length === 0) {
    return "You cannot ask for changes here yet, but you can approve or decline the requests that come to you.";
  }
  const titles = requestable.slice(0, HINT_TITLES).map((a) => safe(oneLine(a.title), 60));
  const rest = requestable.length - titles.length;
  const list = rest > 0 ? `${titles.join(", ")} and ${rest} more` : joinAnd(titles);
  return `You can ask for ${list}, here or with \`/request\` in any channel.`;
}

/**
 * "New request" first (it opens the same form as /request), then a line naming what the viewer
 * may ask for. No button for someone who may ask for nothing.
 */
export function newRequestBlocks(
  requestable: readonly ActionDefinition[] | undefined,
): KnownBlock[] {
  const hint = context(newRequestHint(requestable), HOME_BLOCK.intro);
  if (requestable !== undefined && requestable.length === 0) return [hint];
  const start = {
    type: "actions" as const,
    block_id: HOME_BLOCK.newRequest,
    elements: [
      button({
        text: "New request",
        actionId: HOME_ACTION.newRequest,
        value: "new",
        style: "primary",
      }),
    ],
  };
  return [start, hint];
}

/** Whether the viewer's approvals go to someone else, and the button to change that. */
export function awayBlock(delegation: Delegation | null, now: Date): KnownBlock {
  if (!delegation) {
    return section(
      "*Going away?* Send the requests you are asked to approve to someone else while you are out.",
      HOME_BLOCK.away,
      button({ text: "Set a delegate", actionId: HOME_ACTION.setDelegate, value: "set" }),
    );
  }
  const delegate = mention(delegation.delegateId);
  const until = slackTime(delegation.endsAt);
  const text =
    delegation.startsAt > now
      ? `:palm_tree: From ${slackTime(delegation.startsAt)} until ${until}, the requests you are asked to approve go to ${delegate}.`
      : `:palm_tree: You are away until ${until}: the requests you are asked to approve go to ${delegate}.`;
  return section(
    text,
    HOME_BLOCK.away,
    button({
      text: delegation.startsAt > now ? "Cancel it" : "I'm back",
      actionId: HOME_ACTION.endDelegation,
      value: delegation.id,
      confirm: confirmDialog({
        title: "End your delegation?",
        text: "New requests will come to you again. Requests already sent to your delegate stay with them.",
        confirm: "End it",
        deny: "Keep it",
      }),
    }),
  );
}
