import type { ActionDefinition } from "../../factory/types.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { context, mention, plural, safe, section } from "./blocks.ts";
import { DELIVERY_DELAYED_WARNING } from "./maker-message.ts";
import { lineNotice, NOTICE_DETAIL, type Notice } from "./notice.ts";
import { requestName } from "./request-details.ts";

const DETAIL = NOTICE_DETAIL;

function notice(line: string, detail = "", footnote?: string): Notice {
  return lineNotice(line, detail, footnote ? [context(footnote)] : []);
}

/** For the other checkers when one of them decides: whether they still need to act. */
export function renderDecisionNotice(request: RequestRecord, deciderId: string): Notice {
  const who = mention(deciderId);
  const number = `#${request.number}`;
  if (request.status === "PENDING") {
    const done = request.approvedBy.length;
    const left = Math.max(request.approvalsRequired - done, 0);
    return notice(
      `${who} approved ${number} (${done} of ${plural(request.approvalsRequired, "approval")}); it still needs ${left} more.`,
    );
  }
  if (request.status === "DECLINED") {
    return notice(`${who} declined ${number}; no action needed from you.`);
  }
  if (request.status === "CANCELLED") {
    return notice(`${number} was cancelled by the maker; no action needed from you.`);
  }
  if (request.status === "EXPIRED") {
    return notice(`${number} expired; no action needed from you.`);
  }
  return notice(`${who} approved ${number}; no action needed from you.`);
}

/** For the checkers of an interrupted run: the action may have half-happened. */
export function renderInterruptedNotice(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): Notice {
  return notice(
    `:warning: ${requestName(request, action)}, which you approved, was interrupted while it ran; check the target system before anyone runs it again.`,
  );
}

/** For the maker when Slack has not yet taken the message to the checker. */
export function renderDeliveryDelayedNotice(request: RequestRecord): Notice {
  const message = DELIVERY_DELAYED_WARNING.replace(":warning: ", "");
  return {
    text: `#${request.number}: Slack did not accept the message to the checker yet; it will be retried.`,
    blocks: [section(`:warning: *#${request.number}*: ${message}`)],
  };
}

/** For the maker when a reviewer flags their break-glass use: it will be followed up. */
export function renderFlaggedNotice(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): Notice {
  const by = request.reviewedBy ? mention(request.reviewedBy) : "A reviewer";
  return notice(
    `:triangular_flag_on_post: ${by} flagged your break-glass use of ${requestName(request, action)}`,
    safe(request.reviewNote ?? "", DETAIL),
    "Flags are recorded in the audit trail for follow-up.",
  );
}

/** For the maker when a checker of theirs went away: who decides now. */
export function renderReroutedNotice(request: RequestRecord, awayId: string): Notice {
  const delegate = Object.entries(request.onBehalfOf).find(([, away]) => away === awayId)?.[0];
  return notice(
    `:arrow_right: #${request.number}: ${mention(awayId)} is away, so ${delegate ? mention(delegate) : "their delegate"} decides instead.`,
  );
}

/** Slack's answers that mean the workflow run no longer waits for the step. */
const RUN_OVER = ["execution_not_in_running_state", "function_execution_not_found"];

/**
 * For the maker when Slack refused for good the outcome of the workflow step that filed their
 * request: the request's own outcome stands, but the workflow did not go on with it.
 */
export function renderStepNotCompletedNotice(request: RequestRecord, error: string): Notice {
  const why = RUN_OVER.includes(error)
    ? "its run was no longer waiting (stopped, or the workflow deleted)"
    : `Slack refused it (${safe(error, 200)})`;
  return notice(
    `:warning: #${request.number}: the workflow that filed this request did not get its outcome: ${why}.`,
    "",
    "The request's outcome stands. Run the workflow again if its later steps are still needed.",
  );
}
