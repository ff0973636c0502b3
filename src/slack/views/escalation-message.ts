import type { KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { header, mention, mentions, SLACK, section, truncate } from "./blocks.ts";
import { footerBlocks, purposeBlock, readable, stateBlocks } from "./card-parts.ts";
import { decisionBlock } from "./request-buttons.ts";
import { actionTitle, renderWarnings, requestName, statusLabel } from "./request-details.ts";
import { plainWhatLine, whatLine } from "./request-summary.ts";
import { slackTime } from "./time-token.ts";

export interface EscalationMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** When it expires if nobody decides; see CheckerMessageInput.expiresAt. */
  readonly expiresAt?: Date;
}

/**
 * Posted where an action escalates to (a lead, a group's members, a channel) when nobody
 * decided after the last reminder; edited on every change after. Its readers are not the
 * request's checkers, so sensitive values stay masked, and what happened is told in a sentence,
 * never with a response body. The buttons work for the designated checkers only, and the core
 * refuses anyone else with a message saying who can decide.
 */
export function renderEscalationMessage(input: EscalationMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { action } = input;
  const request = readable(input.request, action, false);
  const title = actionTitle(request, action);
  const pending = request.status === "PENDING";
  const waiting = request.checkerIds.filter((id) => !request.approvedBy.includes(id));
  const what = whatLine(input.request, action, { reveal: false });
  const blocks: KnownBlock[] = [
    header(`Escalated: request #${request.number}: ${title}`),
    section(
      pending
        ? `:mega: ${mention(request.makerId)} asked for ${what} ${slackTime(request.createdAt)} and nobody has decided yet. Please make sure ${mentions(waiting, "or")} sees it: only the designated checkers can approve or decline.`
        : `:mega: ${mention(request.makerId)} asked for ${what}; it was escalated ${slackTime(request.escalatedAt ?? request.updatedAt)} and has been settled since.`,
    ),
    purposeBlock(request),
  ];
  if (pending) {
    blocks.push(...renderWarnings(request, action));
    blocks.push(decisionBlock(request, plainWhatLine(input.request, action, { reveal: false })));
  } else {
    blocks.push(...stateBlocks(request, action, { reveal: false }));
  }
  blocks.push(...footerBlocks(request, action, { reveal: false, expiresAt: input.expiresAt }));
  const text = pending
    ? `Escalated: ${requestName(request, action)} is waiting for a decision from ${mentions(waiting, "or")}`
    : `Escalated ${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}
