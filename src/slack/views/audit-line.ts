import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { failureHeadline, redactRequest } from "../../requests/redact-request.ts";
import { label } from "../../requests/status-labels.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { mention, mentions, oneLine, SLACK, safe, truncate } from "./blocks.ts";

/** When the request reached its current status. */
function closedAt(request: RequestRecord): Date {
  if (request.status === "FINISHED" || request.status === "FAILED") {
    return request.executedAt ?? request.updatedAt;
  }
  return request.decidedAt ?? request.updatedAt;
}

function checkedBy(request: RequestRecord): string {
  if (request.approvedBy.length > 0) return `, checked by ${mentions(request.approvedBy)}`;
  if (request.status === "DECLINED" && request.decidedBy) {
    return `, checked by ${mention(request.decidedBy)}`;
  }
  return "";
}

/**
 * One line for the audit channel per closed request:
 * "#12 billing-waiver (production, acme) by <@U1>, checked by <@U2>: finished at 2026-… UTC".
 * A channel is read by people who are not the request's maker or checkers: sensitive values are
 * masked, and a failure gives its headline ("Webhook answered 500 …"), never a response body.
 */
export function renderAuditLine(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
): { text: string } {
  const request = redactRequest(raw, action);
  const where = `${safe(oneLine(request.environment), 100)}, ${safe(oneLine(request.team), 100)}`;
  const outcome = `${label(request.status)} at ${formatTime(closedAt(request))}`;
  const why =
    request.status === "FAILED"
      ? `: ${safe(failureHeadline(request.error), 200)}`
      : request.status === "DECLINED" && request.decisionReason
        ? `: ${safe(oneLine(request.decisionReason), 200)}`
        : "";
  const line =
    `#${request.number} ${safe(request.actionId, 100)} (${where}) by ${mention(request.makerId)}` +
    `${checkedBy(request)}: ${outcome}${why}`;
  return { text: truncate(line, SLACK.sectionText) };
}
