import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { buttonValue } from "../forms/request-form.ts";
import { ACTION, BLOCK } from "../ids.ts";
import { button, header, mention, oneLine, SLACK, safe, section, truncate } from "./blocks.ts";
import { footerBlocks, purposeBlock, readable, stateBlocks } from "./card-parts.ts";
import { environmentName } from "./environment-name.ts";
import { actionTitle, requestName } from "./request-details.ts";
import { whatLine } from "./request-summary.ts";

export interface BreakGlassAlertInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /**
   * A reviewer's own copy shows every value; the audit channel's masks sensitive ones and says
   * what happened in a sentence, never with a response body. Both get the buttons: the core
   * refuses anyone but the designated reviewers, saying who they are.
   */
  readonly reveal: boolean;
}

/**
 * Sent at once to the reviewers of a break-glass use (and the audit channel): what ran, why,
 * and Acknowledge / Flag until one of them has reviewed it. Edited on every change after.
 */
export function renderBreakGlassAlert(input: BreakGlassAlertInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { action, reveal } = input;
  const request = readable(input.request, action, reveal);
  const title = actionTitle(request, action);
  const where = safe(oneLine(environmentName(request, action)), 100);
  const blocks: KnownBlock[] = [
    header(`Break glass: request #${request.number}: ${title}`),
    section(
      `:rotating_light: ${mention(request.makerId)} ran ${whatLine(input.request, action, { reveal })} without a checker's approval. Please review it: acknowledge it, or flag it if it was not warranted.`,
    ),
    ...stateBlocks(request, action, { reveal }),
  ];
  if (request.reviewVerdict === null) blocks.push(reviewBlock(request));
  blocks.push(purposeBlock(request), ...footerBlocks(request, action, { reveal }));
  const text = `Break glass: ${mention(request.makerId)} ran ${requestName(request, action)} in ${where} without a checker`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}

function reviewBlock(request: RequestRecord): ActionsBlock {
  const value = buttonValue(request.id);
  return {
    type: "actions",
    block_id: BLOCK.review,
    elements: [
      button({ text: "Acknowledge", actionId: ACTION.acknowledge, value, style: "primary" }),
      button({ text: "Flag", actionId: ACTION.flag, value, style: "danger" }),
    ],
  };
}
