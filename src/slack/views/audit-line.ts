import type { SectionBlock } from "@slack/types";
import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { redactRequest } from "../../requests/redact-request.ts";
import { statusWord } from "../../requests/status-labels.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { mention, mentions, oneLine, SLACK, safe, section, truncate } from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { outcomeSentence } from "./outcome-sentence.ts";
import { actionTitle } from "./request-details.ts";
import { STATUS_EMOJI } from "./status-words.ts";
import { slackTime } from "./time-token.ts";

/** When the request reached its current status. */
function closedAt(request: RequestRecord): Date {
  if (request.status === "FINISHED" || request.status === "FAILED") {
    return request.executedAt ?? request.updatedAt;
  }
  return request.decidedAt ?? request.updatedAt;
}

function decidedBy(request: RequestRecord): string {
  if (request.breakGlassReason !== null) return ", ran without a checker (break glass)";
  if (request.approvedBy.length > 0) return `, approved by ${mentions(request.approvedBy)}`;
  if (request.status === "DECLINED" && request.decidedBy) {
    return `, declined by ${mention(request.decidedBy)}`;
  }
  return "";
}

/**
 * One line for the audit channel per closed request, in the cards' words:
 * "#12 Billing waiver (production, Acme Corp) by <@U1>, approved by <@U2>: ✅ Done at …".
 * A channel is read by people who are not the request's maker or checkers: sensitive values are
 * masked, and a failure is told in a sentence ("The webhook (…) refused it (error 502); nothing
 * changed."), never with a response body. `text` says when in UTC; the block in each reader's
 * own time zone.
 */
export function renderAuditLine(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
): { text: string; blocks: SectionBlock[] } {
  const request = redactRequest(raw, action);
  const where = `${safe(oneLine(environmentName(request, action)), 100)}, ${safe(oneLine(request.team), 100)}`;
  const title = safe(oneLine(actionTitle(request, action)), 100);
  const status = `${STATUS_EMOJI[request.status]} ${statusWord(request.status)}`;
  const why =
    request.status === "FAILED"
      ? `: ${outcomeSentence(request, action, { reveal: false })}`
      : request.status === "DECLINED" && request.decisionReason
        ? `: ${safe(oneLine(request.decisionReason), 200)}`
        : "";
  const line = (when: string) =>
    `#${request.number} ${title} (${where}) by ${mention(request.makerId)}` +
    `${decidedBy(request)}: ${status} ${when}${why}`;
  const at = closedAt(request);
  return {
    text: truncate(line(`at ${formatTime(at)}`), SLACK.sectionText),
    blocks: [section(line(slackTime(at)))],
  };
}
