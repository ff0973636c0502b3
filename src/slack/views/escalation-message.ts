import type { KnownBlock } from "@slack/types";
import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { header, mention, mentions, SLACK, section, truncate } from "./blocks.ts";
import { decisionBlock } from "./request-buttons.ts";
import {
  actionTitle,
  renderRequestState,
  renderWarnings,
  requestName,
  statusLabel,
} from "./request-details.ts";

export interface EscalationMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
}

/**
 * Posted where an action escalates to (a lead, a group's members, a channel) when nobody
 * decided after the last reminder; edited on every change after. Its readers are not the
 * request's checkers, so sensitive values stay masked and a failure shows its headline only,
 * never a response body. The buttons work for the designated checkers only, and the core refuses
 * anyone else with a message saying who can decide.
 */
export function renderEscalationMessage(input: EscalationMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { request, action } = input;
  const title = actionTitle(request, action);
  const pending = request.status === "PENDING";
  const waiting = request.checkerIds.filter((id) => !request.approvedBy.includes(id));
  const blocks: KnownBlock[] = [header(`Escalated: request #${request.number}: ${title}`)];
  blocks.push(
    section(
      pending
        ? `:mega: ${mention(request.makerId)} asked for this on ${formatTime(request.createdAt)} and nobody has decided yet. Please make sure ${mentions(waiting, "or")} sees it: only the designated checkers can approve or decline.`
        : `:mega: This request was escalated on ${formatTime(request.escalatedAt ?? request.updatedAt)}; it has been settled since.`,
    ),
  );
  blocks.push(...renderRequestState(request, action, { reveal: false, brief: true }));
  if (pending) {
    blocks.push(...renderWarnings(request, action));
    blocks.push(decisionBlock(request, title));
  }
  const text = pending
    ? `Escalated: ${requestName(request, action)} is waiting for a decision from ${mentions(waiting, "or")}`
    : `Escalated ${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}
