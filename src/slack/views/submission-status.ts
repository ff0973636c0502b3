import type { KnownBlock, ModalView } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { context, mentions, safe, section } from "./blocks.ts";

/** Shown when saving takes longer than Slack waits for an answer; replaced when it is done. */
export function renderSavingModal(title: string): ModalView {
  return noticeModal(
    title,
    ":hourglass_flowing_sand: Saving… this is taking longer than usual. You can close this window: you will get a DM as soon as it is done.",
  );
}

export function renderSavedModal(
  title: string,
  request: RequestRecord,
  action?: ActionDefinition,
): ModalView {
  return noticeModal(title, sentLine(request, action));
}

/**
 * "#12 Billing waiver is waiting for Dana to approve it": what the maker reads once the form is
 * sent (mrkdwn: mentions render).
 */
function sentLine(request: RequestRecord, action: ActionDefinition | undefined): string {
  const what = `*#${request.number}${action ? ` ${safe(action.title, 200)}` : ""}*`;
  if (request.breakGlassReason !== null) {
    return `:rotating_light: ${what} is running now (glass broken); ${mentions(request.checkerIds)} review it afterwards.`;
  }
  const needed = request.approvalsRequired;
  const who = mentions(request.checkerIds, needed > 1 ? "and" : "or");
  const approvals = needed > 1 ? ` (${needed} approvals needed)` : "";
  return `:hourglass_flowing_sand: ${what} is waiting for ${who} to approve it${approvals}.`;
}

/**
 * The confirmation after the form is sent, shown only to the maker where they typed `/request`
 * (or in their DM): the line above, and where the request can be followed.
 */
export function renderRequestSent(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): { text: string; blocks: KnownBlock[] } {
  const line = sentLine(request, action);
  return {
    text: line,
    blocks: [
      section(line),
      context(
        "Its card in your DM with me shows each step; nothing more is needed from you for now.",
      ),
    ],
  };
}

/** A modal that only says something, with a Close button. */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: title },
    close: { type: "plain_text", text: "Close" },
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}

/** Puts a warning above a form shown again, so nothing typed is lost. */
export function withNotice(view: ModalView, notice: string): ModalView {
  return {
    ...view,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:warning: ${notice}` } },
      ...view.blocks,
    ].slice(0, 100),
  };
}

/** Shown in a form whose answer could not be saved: nothing was filed, and nothing is lost. */
export const SAVE_FAILED =
  "This could not be saved right now (our database did not answer). Nothing was sent; your entries are still here, so press the button again in a moment.";
