import type { KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { header, mention, SLACK, section, truncate } from "./blocks.ts";
import { footerBlocks, purposeBlock, stateBlocks } from "./card-parts.ts";
import { decisionBlock } from "./request-buttons.ts";
import { actionTitle, renderWarnings, requestName, statusLabel } from "./request-details.ts";
import { plainWhatLine, type ResendOf, whatLine } from "./request-summary.ts";

export type { ResendOf } from "./request-summary.ts";

export interface CheckerMessageInput {
  readonly request: RequestRecord;
  readonly action: ActionDefinition | undefined;
  /** The checker this copy is for: the buttons go once they have approved. */
  readonly checkerId: string;
  /**
   * When the request expires if nobody decides (the sweep's policy: the action's, or the
   * configured default). Left out, the card says so only when the action sets its own expiry.
   */
  readonly expiresAt?: Date;
  /**
   * The request this one resends (a Duplicate) and how that one ended, so the checker sees
   * 'resend of #7, declined: "…"' on the card's context line.
   */
  readonly resendOf?: ResendOf;
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

/** The card's first line: who asks this checker for what, with the key params in the sentence. */
function askLine(input: CheckerMessageInput, decide: boolean): string {
  const { request, action, checkerId } = input;
  const maker = mention(request.makerId);
  const what = whatLine(request, action, { reveal: true });
  const onBehalfOf = request.onBehalfOf[checkerId];
  const forWhom = onBehalfOf ? ` (for ${mention(onBehalfOf)}, who is away)` : "";
  const delegate = request.checkerIds.includes(checkerId) ? undefined : standIn(request, checkerId);
  if (delegate) {
    return `:arrow_right: ${maker} asked you to approve ${what}; while you are away, ${mention(delegate)} decides instead.`;
  }
  return decide
    ? `${maker} asks you to approve ${what}${forWhom}.`
    : `${maker} asked you to approve ${what}${forWhom}.`;
}

/**
 * The message a checker decides on; re-rendered (chat.update) on every change. Built around the
 * decision: who asks for what (one line, the key params in it), why, the warnings and the
 * buttons; then one context line (number, expiry, resend), and only then the other params. The
 * checker sees every value on the card (they decide on them); the notification's text, the same
 * first line in plain words, masks the sensitive ones.
 */
export function renderCheckerMessage(input: CheckerMessageInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { request, action, checkerId } = input;
  const title = actionTitle(request, action);
  const decide = canDecide(request, checkerId);
  const blocks: KnownBlock[] = [
    header(`Request #${request.number}: ${title}`),
    section(askLine(input, decide)),
    purposeBlock(request),
  ];
  if (decide) {
    blocks.push(...renderWarnings(request, action));
    if (request.approvalsRequired > 1)
      blocks.push(...stateBlocks(request, action, { reveal: true }));
    blocks.push(decisionBlock(request, plainWhatLine(request, action)));
  } else {
    blocks.push(...stateBlocks(request, action, { reveal: true }));
  }
  blocks.push(
    ...footerBlocks(request, action, {
      reveal: true,
      expiresAt: input.expiresAt,
      resendOf: input.resendOf,
    }),
  );

  // A lock screen is seen by more eyes than the open DM: the preview masks sensitive values.
  const text = decide
    ? `${mention(request.makerId)} asks you to approve ${whatLine(request, action, { reveal: false, bold: false })} (#${request.number})`
    : `${requestName(request, action)}: ${statusLabel(request)}`;
  return { text: truncate(text, SLACK.fallbackText), blocks };
}
