import type { ActionsBlock, Button } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { HOME_BLOCK } from "../ids.ts";
import { truncate } from "./blocks.ts";
import { canDecideNow, makerControls } from "./home/rows.ts";
import { decisionButtonsAsking } from "./request-buttons.ts";
import { plainWhatLine } from "./request-summary.ts";

/**
 * The buttons the viewer may use on this request, the same action ids and values as on the cards
 * (so the same listeners and checks answer them): Approve and Decline for a checker still to
 * decide; Cancel for the maker of a pending request; Send again for the maker of one that was
 * declined, failed, expired or cancelled. None for anyone else.
 */
export function storyButtons(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  viewerId: string,
): ActionsBlock[] {
  const elements: Button[] = [];
  if (canDecideNow(request, viewerId)) {
    for (const element of decisionButtonsAsking(request, plainWhatLine(request, action))) {
      if (element.type === "button") elements.push(element);
    }
  }
  if (request.makerId === viewerId) elements.push(...makerControls(request));
  if (elements.length === 0) return [];
  const labelled = elements.map((element) => ({
    ...element,
    accessibility_label: truncate(`${element.text.text}, request #${request.number}`, 75),
  }));
  return [{ type: "actions", block_id: HOME_BLOCK.storyButtons, elements: labelled }];
}
