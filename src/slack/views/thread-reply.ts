import type { ActionsBlock } from "@slack/types";
import { formatWait } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { redactRequest } from "../../requests/redact-request.ts";
import { DUPLICABLE_STATUSES } from "../../requests/status.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { buttonValue } from "../forms/request-form.ts";
import { ACTION, BLOCK } from "../ids.ts";
import { button, mention, oneLine, safe } from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { lineNotice, NOTICE_DETAIL, type Notice } from "./notice.ts";
import { outcomeSentence } from "./outcome-sentence.ts";
import { decisionButtonsAsking } from "./request-buttons.ts";
import { actionTitle, requestName } from "./request-details.ts";
import { plainWhatLine } from "./request-summary.ts";
import { STATUS_EMOJI } from "./status-words.ts";

/**
 * Replies in the thread of a request's card: short, since the card above says the rest, yet
 * whole on their own (they name the request), because a reply whose card never got posted is
 * posted on its own instead.
 */

const DETAIL = NOTICE_DETAIL;

function reply(line: string, detail: string, actions: ActionsBlock | null): Notice {
  return lineNotice(line, detail, actions ? [actions] : []);
}

/** What the run came to, in one plain sentence (the raw answer stays in Details). */
function runOutcome(request: RequestRecord, action: ActionDefinition | undefined): string {
  return outcomeSentence(request, action);
}

/**
 * For the maker, under their card, once the request closed: what happened, and Send again
 * (Duplicate) when it may be sent again. Sensitive values are masked as on the maker's card.
 */
export function renderOutcomeReply(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
): Notice {
  const request = redactRequest(raw, action);
  const name = `${STATUS_EMOJI[request.status]} ${requestName(request, action)}`;
  const again = DUPLICABLE_STATUSES.includes(request.status) ? sendAgain(request) : null;
  switch (request.status) {
    case "FINISHED":
      return reply(`${name} is done`, runOutcome(request, action).replace(/^Done: /, ""), null);
    case "FAILED":
      return reply(
        `${name} failed`,
        runOutcome(request, action).replace(/^It failed: /, ""),
        again,
      );
    case "DECLINED": {
      const by = request.decidedBy ? ` by ${mention(request.decidedBy)}` : "";
      const reason = request.decisionReason ? safe(request.decisionReason, DETAIL) : "";
      return reply(`${name} was declined${by}`, reason, again);
    }
    case "EXPIRED":
      return reply(`${name} expired: no checker decided in time`, "", again);
    case "CANCELLED":
      return reply(`${name} was cancelled`, "", again);
    case "APPROVED":
    case "EXECUTING":
      return reply(`${name} was approved; it is running now`, "", null);
    case "PENDING":
      return reply(`${name} is waiting for a decision`, "", null);
  }
}

function sendAgain(request: RequestRecord): ActionsBlock {
  return {
    type: "actions",
    block_id: BLOCK.makerControls,
    elements: [
      button({ text: "Send again", actionId: ACTION.duplicate, value: buttonValue(request.id) }),
    ],
  };
}

/** Who asked for the decision again: the maker (a nudge) or the bot (reminder N of M). */
export type Reminder =
  | { readonly nudgedBy: string }
  | { readonly reminder: number; readonly of: number };

/**
 * For a checker still to decide, under their card: a nudge or a reminder, with how long the
 * request has waited at `now`, and Approve and Decline right there (the same buttons as on the
 * card, so a stale one is refused the same way).
 */
export function renderReminderReply(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  from: Reminder,
  now: Date,
): Notice {
  const title = actionTitle(request, action);
  const what = `#${request.number} ${safe(title, 200)} (${safe(oneLine(request.team), 100)}, ${safe(oneLine(environmentName(request, action)), 100)})`;
  const waited = formatWait(now.getTime() - request.createdAt.getTime());
  const line =
    "nudgedBy" in from
      ? `:wave: ${mention(from.nudgedBy)} is waiting for your decision on ${what}; it has waited ${waited}.`
      : `:bell: Reminder ${from.reminder} of ${from.of}: ${what} has waited ${waited} for your decision.`;
  const actions: ActionsBlock = {
    type: "actions",
    block_id: BLOCK.decision,
    elements: decisionButtonsAsking(request, plainWhatLine(request, action)),
  };
  return reply(line, "", actions);
}
