import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { BLOCK } from "../ids.ts";
import { context, header, SLACK, section, truncate } from "./blocks.ts";
import { type Unreached, unreachedWarning } from "./delivery-notice.ts";
import { makerButtons } from "./request-buttons.ts";
import {
  actionTitle,
  checkerMentions,
  renderRequestState,
  requestName,
  statusLabel,
} from "./request-details.ts";

export interface MakerMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** Slack has not taken the checker's message yet (the outbox keeps retrying). */
  readonly deliveryDelayed?: boolean;
  readonly duplicateOfNumber?: number;
  /** Checkers whose message Slack refused for good: the maker is told who, why, and what to do. */
  readonly unreached?: readonly Unreached[];
}

export const DELIVERY_DELAYED_WARNING =
  ":warning: Slack did not accept the message to the checker yet; it will be retried. Your request is saved and still pending.";

/** The maker's own message about a request; re-rendered (chat.update) on every change. */
export function renderMakerMessage(input: MakerMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { request, action } = input;
  const checkers = checkerMentions(request);
  const pending = request.status === "PENDING";
  const intro =
    request.breakGlassReason !== null
      ? `:rotating_light: You broke the glass: it ran without waiting for a checker. ${checkers} review it afterwards${request.reviewsRequired > 1 ? " (two of them must)" : ""}.`
      : pending
        ? `Sent to ${checkers} for approval.`
        : `You asked ${checkers} to check this.`;
  const blocks: KnownBlock[] = [
    header(`Request #${request.number}: ${actionTitle(request, action)}`),
    section(intro),
  ];
  if (input.duplicateOfNumber !== undefined) {
    blocks.push(context(`:repeat: Duplicate of #${input.duplicateOfNumber}`));
  }
  if (input.deliveryDelayed && pending) blocks.push(context(DELIVERY_DELAYED_WARNING));
  const unreached = unreachedWarning(request, input.unreached ?? []);
  if (unreached) blocks.push(section(unreached));
  blocks.push(...renderRequestState(request, action, { reveal: false }));
  const controls = makerControls(request);
  if (controls) blocks.push(controls);

  const text = pending
    ? `Request #${request.number} sent to ${checkers}`
    : `${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}

function makerControls(request: RequestRecord): ActionsBlock | undefined {
  const elements = makerButtons(request);
  return elements.length > 0
    ? { type: "actions", block_id: BLOCK.makerControls, elements }
    : undefined;
}
