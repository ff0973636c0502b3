import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { BLOCK } from "../ids.ts";
import { context, header, mentions, SLACK, section, truncate } from "./blocks.ts";
import { footerBlocks, purposeBlock, readable, stateBlocks } from "./card-parts.ts";
import { type Unreached, unreachedWarning } from "./delivery-notice.ts";
import { makerButtons } from "./request-buttons.ts";
import { actionTitle, checkerMentions, requestName, statusLabel } from "./request-details.ts";
import { type ResendOf, whatLine } from "./request-summary.ts";
import { STATUS_EMOJI } from "./status-words.ts";

export interface MakerMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** Slack has not taken the checker's message yet (the outbox keeps retrying). */
  readonly deliveryDelayed?: boolean;
  /** When it expires if nobody decides; see CheckerMessageInput.expiresAt. */
  readonly expiresAt?: Date;
  /** The request this one resends and how that one ended; see CheckerMessageInput.resendOf. */
  readonly resendOf?: ResendOf;
  /** Checkers whose message Slack refused for good: the maker is told who, why, and what to do. */
  readonly unreached?: readonly Unreached[];
}

export const DELIVERY_DELAYED_WARNING =
  ":warning: Slack did not accept the message to the checker yet; it will be retried. Your request is saved and still pending.";

/** "Waiting for approval from <@A> or <@B>", with how many are in when several must approve. */
function waitingLine(request: RequestRecord): string {
  const waiting = request.checkerIds.filter((id) => !request.approvedBy.includes(id));
  const needed = request.approvalsRequired - request.approvedBy.length;
  const from =
    waiting.length === 0
      ? "your checkers"
      : needed >= waiting.length
        ? checkerMentions({ ...request, checkerIds: waiting })
        : mentions(waiting, "or");
  const done =
    request.approvalsRequired > 1
      ? ` (${request.approvedBy.length} of ${request.approvalsRequired} approvals in)`
      : "";
  return `${STATUS_EMOJI.PENDING} *Waiting for approval* from ${from}${done}`;
}

/**
 * The maker's own message about a request; re-rendered (chat.update) on every change. Its one
 * question: where does my request stand? So: what was asked (the same summary line the checker
 * reads), where it stands (or what happened, in a sentence), why, the buttons, one context line,
 * then the other params. Sensitive values are masked (a maker's screen may be shared).
 */
export function renderMakerMessage(input: MakerMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { action } = input;
  const request = readable(input.request, action, false);
  const pending = request.status === "PENDING";
  const breakGlass = request.breakGlassReason !== null;
  const blocks: KnownBlock[] = [
    header(`Request #${request.number}: ${actionTitle(request, action)}`),
    section(
      breakGlass
        ? `:rotating_light: You broke the glass: ${whatLine(input.request, action, { reveal: false })} ran without waiting for a checker. ${checkerMentions(request)} review it afterwards${request.reviewsRequired > 1 ? " (two of them must)" : ""}.`
        : `You asked for ${whatLine(input.request, action, { reveal: false })}.`,
    ),
  ];
  if (pending && !breakGlass) blocks.push(section(waitingLine(request)));
  else blocks.push(...stateBlocks(request, action, { reveal: false, forMaker: true }));
  if (input.deliveryDelayed && pending) blocks.push(context(DELIVERY_DELAYED_WARNING));
  const unreached = unreachedWarning(request, input.unreached ?? []);
  if (unreached) blocks.push(section(unreached));
  blocks.push(purposeBlock(request));
  const controls = makerControls(request);
  if (controls) blocks.push(controls);
  blocks.push(
    ...footerBlocks(request, action, {
      reveal: false,
      expiresAt: input.expiresAt,
      resendOf: input.resendOf,
    }),
  );

  const text = pending
    ? `Request #${request.number} is waiting for approval from ${checkerMentions(request)}`
    : `${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}

function makerControls(request: RequestRecord): ActionsBlock | undefined {
  const elements = makerButtons(request);
  return elements.length > 0
    ? { type: "actions", block_id: BLOCK.makerControls, elements }
    : undefined;
}
