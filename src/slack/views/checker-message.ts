import type { KnownBlock } from "@slack/types";
import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { context, header, mention, oneLine, SLACK, safe, section, truncate } from "./blocks.ts";
import { decisionBlock } from "./request-buttons.ts";
import {
  actionTitle,
  renderRequestState,
  renderWarnings,
  requestName,
  statusLabel,
} from "./request-details.ts";

export interface CheckerMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** The checker this copy is for: the buttons go once they have approved. */
  readonly checkerId: string;
  /** The number of the request this one duplicates, if any. */
  readonly duplicateOfNumber?: number;
}

/** Whether `checkerId` can still approve or decline `request`. */
export function canDecide(request: RequestRecord, checkerId: string): boolean {
  return (
    request.status === "PENDING" &&
    request.checkerIds.includes(checkerId) &&
    !request.approvedBy.includes(checkerId)
  );
}

/** The delegate now deciding in place of `checkerId`, who is away; undefined if none. */
function standIn(request: RequestRecord, checkerId: string): string | undefined {
  return Object.entries(request.onBehalfOf).find(([, away]) => away === checkerId)?.[0];
}

/** The message a checker decides on; re-rendered (chat.update) on every change. */
export function renderCheckerMessage(input: CheckerMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { request, action, checkerId } = input;
  const title = actionTitle(request, action);
  const decide = canDecide(request, checkerId);
  const maker = mention(request.makerId);
  const blocks: KnownBlock[] = [header(`Request #${request.number}: ${title}`)];
  const onBehalfOf = request.onBehalfOf[checkerId];
  const forWhom = onBehalfOf ? `, for ${mention(onBehalfOf)} who is away` : "";
  const delegate = request.checkerIds.includes(checkerId) ? undefined : standIn(request, checkerId);
  blocks.push(
    section(
      delegate
        ? `:arrow_right: ${maker} asked you to check this on ${formatTime(request.createdAt)}; while you are away, ${mention(delegate)} decides instead.`
        : decide
          ? `${maker} asks you to approve this${forWhom}.`
          : `${maker} asked you to check this${forWhom} on ${formatTime(request.createdAt)}.`,
    ),
  );
  if (input.duplicateOfNumber !== undefined) {
    blocks.push(context(`:repeat: Duplicate of #${input.duplicateOfNumber}`));
  }
  blocks.push(...renderRequestState(request, action, { reveal: true }));
  if (decide) {
    blocks.push(...renderWarnings(request, action));
    blocks.push(decisionBlock(request, title));
  }

  const text = decide
    ? `${maker} asks you to approve ${requestName(request, action)} in ${safe(oneLine(request.environment), 100)}`
    : `${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}
