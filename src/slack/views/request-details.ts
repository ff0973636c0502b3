import type { KnownBlock } from "@slack/types";
import type { JsonValue } from "../../core/json.ts";
import { MASK } from "../../factory/params.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { ruleFor } from "../../requests/rules.ts";
import { statusWord } from "../../requests/status-labels.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { isSlackGroup, slackMention } from "../mentions.ts";
import {
  capBlocks,
  context,
  fieldSections,
  mention,
  mentions,
  oneLine,
  packLines,
  plural,
  SLACK,
  safe,
  section,
} from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { isMasked, paramValue } from "./param-text.ts";
import { STATUS_EMOJI, statusBadge } from "./status-words.ts";
import { slackTime } from "./time-token.ts";

/** "<@D> (for <@C>, away) and <@E>": a delegate says whom they stand in for. */
export function checkerMentions(request: RequestRecord): string {
  const names = request.checkerIds.map((id) => {
    const away = request.onBehalfOf[id];
    return away ? `${mention(id)} (for ${mention(away)}, away)` : mention(id);
  });
  return names.length <= 1
    ? (names[0] ?? "—")
    : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Values longer than this get a line of their own instead of a (half-width) field. */
const SHORT_VALUE = 120;
/** Param blocks shown at most, so a message with everything else stays within 50 blocks. */
const MAX_PARAM_BLOCKS = 20;

/** The action's title, or its id when it is no longer configured. */
export function actionTitle(request: RequestRecord, action: ActionDefinition | undefined): string {
  return action?.title ?? request.actionId;
}

/** "#12 Billing waiver" as escaped mrkdwn. */
export function requestName(request: RequestRecord, action: ActionDefinition | undefined): string {
  return `#${request.number} ${safe(actionTitle(request, action), 200)}`;
}

/**
 * The request's fields for a message: who, what, where, why and every param. Sensitive values
 * are masked unless `reveal` (the maker and the checkers see them in full); when the action is
 * no longer configured its sensitivity is unknown, so every value is masked then.
 */
export function renderRequestDetails(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  options: { reveal: boolean },
): KnownBlock[] {
  const checkers = request.checkerIds.length === 1 ? "Checker" : "Checkers";
  const summary = fieldSections([
    `*Action*\n${action ? safe(action.title, 500) : `\`${safe(request.actionId, 200)}\` (no longer configured)`}`,
    `*Environment*\n${safe(environmentName(request, action), 500)}`,
    `*Team or customer*\n${safe(request.team, 500)}`,
    `*Maker*\n${mention(request.makerId)}`,
    `*${checkers}*\n${request.checkerIds.length > 0 ? checkerMentions(request) : "—"}`,
    `*Requested*\n${slackTime(request.createdAt)}`,
  ]);
  const purposeLabel = "*Purpose*\n";
  const purpose = section(
    purposeLabel + safe(request.purpose, SLACK.sectionText - purposeLabel.length),
  );
  return [...summary, purpose, ...paramBlocks(request, action, options.reveal)];
}

/**
 * Each param by label, masked as renderRequestDetails says; `skip` leaves out those already
 * shown (a card's summary line names them).
 */
export function paramBlocks(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  reveal: boolean,
  skip: readonly string[] = [],
): KnownBlock[] {
  const specs = new Map((action?.params ?? []).map((spec) => [spec.name, spec]));
  const names = [
    ...(action?.params ?? [])
      .map((spec) => spec.name)
      .filter((n) => Object.hasOwn(request.params, n)),
    ...Object.keys(request.params).filter((name) => !specs.has(name)),
  ].filter((name) => !skip.includes(name));
  const short: string[] = [];
  const long: string[] = [];
  for (const name of names) {
    const spec = specs.get(name);
    const value = request.params[name] as JsonValue;
    const masked = isMasked(spec, reveal);
    const label = `*${safe(spec?.label ?? name, 200)}*`;
    const budget = SLACK.sectionText - label.length - 1;
    const shown = masked ? MASK : paramValue(spec, value, budget);
    const wide = spec?.type === "textarea" || shown.length > SHORT_VALUE || shown.includes("\n");
    (wide ? long : short).push(`${label}\n${shown}`);
  }
  return capBlocks([...fieldSections(short), ...packLines(long, "\n\n")], MAX_PARAM_BLOCKS);
}

function at(date: Date | null): string {
  return date ? ` ${slackTime(date)}` : "";
}

/** Who approved: every approver (the last one is `decidedBy`); for break glass, who broke it. */
function approvers(request: RequestRecord): string {
  if (request.breakGlassReason !== null)
    return ` by breaking the glass (${mention(request.makerId)})`;
  const ids =
    request.approvedBy.length > 0
      ? request.approvedBy
      : request.decidedBy
        ? [request.decidedBy]
        : [];
  return ids.length > 0 ? ` by ${mentions(ids)}` : "";
}

/** Emoji and word, e.g. ":no_entry: Declined": for notification texts. */
export function statusLabel(request: RequestRecord): string {
  return statusBadge(request.status);
}

/**
 * Where a request stands, one mrkdwn line: emoji, status word, who and when (a Slack date token:
 * each reader sees their own time). `forMaker`: the maker's own card says "You cancelled it".
 */
export function statusLine(request: RequestRecord, options: { forMaker?: boolean } = {}): string {
  const head = `${STATUS_EMOJI[request.status]} *${statusWord(request.status)}*`;
  switch (request.status) {
    case "PENDING": {
      const waiting = request.checkerIds.filter((id) => !request.approvedBy.includes(id));
      const waitingFor = waiting.length > 0 ? `waiting for ${mentions(waiting, "or")}` : "waiting";
      if (request.approvalsRequired <= 1) return `${head} — ${waitingFor}`;
      const done = request.approvedBy.length;
      const who = done > 0 ? ` (${mentions(request.approvedBy)})` : "";
      return `${head} — ${done} of ${plural(request.approvalsRequired, "approval")}${who}; ${waitingFor}`;
    }
    case "APPROVED":
      return `${head}${approvers(request)}${at(request.decidedAt)}`;
    case "EXECUTING":
      return `${head} since ${slackTime(request.executionStartedAt ?? request.updatedAt)} — approved${approvers(request)}`;
    case "FINISHED":
    case "FAILED":
      return `${head}${at(request.executedAt ?? request.updatedAt)} — approved${approvers(request)}`;
    case "DECLINED": {
      const by = request.decidedBy ? ` by ${mention(request.decidedBy)}` : "";
      const reason = request.decisionReason ? `: ${safe(oneLineReason(request), 2000)}` : "";
      return `${head}${by}${at(request.decidedAt)}${reason}`;
    }
    case "CANCELLED": {
      const reason = request.decisionReason ? `: ${safe(oneLineReason(request), 2000)}` : "";
      if (options.forMaker) {
        return `${STATUS_EMOJI.CANCELLED} *You cancelled it*${at(request.decidedAt)}${reason}`;
      }
      return `${head} by the maker${at(request.decidedAt)}${reason}`;
    }
    case "EXPIRED":
      return `${head}${at(request.decidedAt)} — nobody decided in time`;
  }
}

/** A channel, user or user group id as Slack shows it in mrkdwn. */
export function recipientMention(id: string): string {
  if (/^[CG]/.test(id)) return `<#${id}>`;
  if (isSlackGroup(id)) return slackMention(id);
  return mention(id);
}

/**
 * What the bot did while the request waited: "Reminded 2 times (last at …) · Escalated to …".
 * Null when it did nothing yet.
 */
export function followUpLine(request: RequestRecord): string | null {
  const parts: string[] = [];
  if (request.remindersSent > 0 && request.lastRemindedAt) {
    const times = request.remindersSent === 1 ? "once" : `${request.remindersSent} times`;
    parts.push(`:bell: Reminded ${times} (last ${slackTime(request.lastRemindedAt)})`);
  }
  if (request.escalatedAt) {
    const to = request.escalatedTo.slice(0, 10).map(recipientMention);
    const more =
      request.escalatedTo.length > 10 ? ` and ${request.escalatedTo.length - 10} more` : "";
    const where = to.length > 0 ? ` to ${to.join(", ")}${more}` : "";
    parts.push(`:mega: Escalated${where} ${slackTime(request.escalatedAt)}`);
  }
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** Why the glass was broken, and where its review stands. */
export function renderBreakGlass(request: RequestRecord): KnownBlock[] {
  const label = "*:rotating_light: Break glass*: ";
  const reason = section(
    label + safe(request.breakGlassReason ?? "", SLACK.sectionText - label.length),
  );
  return [reason, context(reviewLine(request))];
}

/** "Waiting for review by …", "Acknowledged by … at …" or "Flagged by … at …: note". */
export function reviewLine(request: RequestRecord): string {
  const by = request.reviewedBy ? ` by ${mention(request.reviewedBy)}` : "";
  switch (request.reviewVerdict) {
    case null: {
      const first = request.reviewedBy;
      const who = request.checkerIds.filter((id) => id !== request.makerId && id !== first);
      const by = who.length > 0 ? ` by ${mentions(who, "or")}` : "";
      if (first !== null) {
        return `:mag: Acknowledged by ${mention(first)}${at(request.reviewedAt)}; waiting for a second look${by}`;
      }
      return request.reviewsRequired > 1
        ? `:mag: Waiting for two reviews${by}: nobody the maker did not choose sees this use otherwise`
        : `:mag: Waiting for review${by}`;
    }
    case "ACKNOWLEDGED":
      return `:ballot_box_with_check: Acknowledged${by}${at(request.reviewedAt)}`;
    case "FLAGGED": {
      const note = request.reviewNote ? `: ${safe(oneLine(request.reviewNote), 1500)}` : "";
      return `:triangular_flag_on_post: Flagged${by}${at(request.reviewedAt)}${note}`;
    }
  }
}

function oneLineReason(request: RequestRecord): string {
  return oneLine(request.decisionReason ?? "");
}

/**
 * What the action's author wants a checker to notice before deciding: the environment's warning
 * and the warning of each param that has a value.
 */
export function renderWarnings(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): KnownBlock[] {
  if (!action) return [];
  const warnings: string[] = [];
  const rule = ruleFor(action, request.environment);
  if (rule.warning)
    warnings.push(`*${safe(environmentName(request, action), 100)}*: ${safe(rule.warning, 500)}`);
  for (const spec of action.params) {
    const value = request.params[spec.name];
    if (spec.warning && value !== undefined && value !== null && value !== "" && value !== false) {
      warnings.push(`*${safe(spec.label, 100)}*: ${safe(spec.warning, 500)}`);
    }
  }
  // One section (more only past Slack's limit), so many warnings do not push the buttons down.
  return packLines(warnings.map((warning) => `:warning: ${warning}`));
}
