import type { ActionsBlock } from "@slack/types";
import { DUPLICABLE_STATUSES } from "../../requests/status.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { buttonValue } from "../forms/request-form.ts";
import { ACTION, BLOCK } from "../ids.ts";
import { button, confirmDialog, oneLine, plural, truncate } from "./blocks.ts";

/**
 * The buttons a request offers, the same wherever it is shown (a DM or the Home tab), so a
 * person learns them once.
 */
export type Buttons = ActionsBlock["elements"];

/** Longest description of the request in a confirm dialog (Slack allows 300 characters). */
const CONFIRM_WHAT = 190;

function approveButtons(request: RequestRecord, question: string): Buttons {
  const value = buttonValue(request.id);
  return [
    button({
      text: "Approve",
      actionId: ACTION.approve,
      value,
      style: "primary",
      confirm: confirmDialog({
        title: `Approve #${request.number}?`,
        text: question,
        confirm: "Approve",
        deny: "Not yet",
        style: "primary",
      }),
    }),
    button({ text: "Decline", actionId: ACTION.decline, value, style: "danger" }),
  ];
}

/** " It runs once 1 more approval is in." when others must still approve, else "". */
function stillNeeded(request: RequestRecord): string {
  const more = request.approvalsRequired - request.approvedBy.length - 1;
  return more > 0
    ? ` It runs once ${plural(more, "more approval")} ${more === 1 ? "is" : "are"} in.`
    : "";
}

/**
 * Approve (with a confirmation that repeats what will run, for whom and where: `sentence`, plain
 * text, e.g. "waive $1,250.00 on in_123 for Acme Corp in production") and Decline.
 */
export function decisionButtonsAsking(request: RequestRecord, sentence: string): Buttons {
  const what = truncate(oneLine(sentence), CONFIRM_WHAT);
  const runs = stillNeeded(request) || " It runs as soon as you approve.";
  return approveButtons(request, `Approve ${what}?${runs}`);
}

/** Approve and Decline as a message's actions block; `sentence` as for decisionButtonsAsking. */
export function decisionBlock(request: RequestRecord, sentence: string): ActionsBlock {
  return {
    type: "actions",
    block_id: BLOCK.decision,
    elements: decisionButtonsAsking(request, sentence),
  };
}

/** The maker's: Cancel and Nudge while pending, Duplicate once it ended without running. */
export function makerButtons(request: RequestRecord): Buttons {
  const value = buttonValue(request.id);
  if (request.status === "PENDING") {
    return [
      button({
        text: "Cancel request",
        actionId: ACTION.cancel,
        value,
        style: "danger",
        confirm: confirmDialog({
          title: `Cancel #${request.number}?`,
          text: "The checkers will no longer be asked to decide on it.",
          confirm: "Cancel request",
          deny: "Keep it",
          style: "danger",
        }),
      }),
      button({
        text: request.checkerIds.length > 1 ? "Nudge checkers" : "Nudge checker",
        actionId: ACTION.nudge,
        value,
      }),
    ];
  }
  if (DUPLICABLE_STATUSES.includes(request.status)) {
    return [button({ text: "Duplicate", actionId: ACTION.duplicate, value })];
  }
  return [];
}
