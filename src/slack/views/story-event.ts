import type { JsonObject } from "../../core/json.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { AuditEvent, AuditEventType } from "../../requests/audit-events.ts";
import { describeRepeats, repeatsOf } from "../../requests/refused-attempts.ts";
import { isUserId, mention, mentions, oneLine, safe, truncateEscaped } from "./blocks.ts";
import { recipientMention } from "./request-details.ts";
import { slackTime } from "./time-token.ts";
import { escapeMrkdwn } from "./user-text.ts";

/** How much of a reason, error or refusal one timeline line quotes. */
const QUOTE_MAX = 500;

export function text(details: JsonObject, key: string): string | null {
  const value = details[key];
  return typeof value === "string" ? value : null;
}

function count(details: JsonObject, key: string): number | null {
  const value = details[key];
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

function userIds(details: JsonObject, key: string): string[] {
  const value = details[key];
  return Array.isArray(value) ? value.filter(isUserId) : [];
}

/** Text the bot wrote (a refusal): escaped, but its `<@U…>` mentions kept. */
function botText(message: string, max: number): string {
  const escaped = escapeMrkdwn(oneLine(message)).replace(
    /&lt;@([UW][A-Z0-9]{2,})&gt;/g,
    (_, id: string) => `<@${id}>`,
  );
  return truncateEscaped(escaped, max);
}

/** "Billing waiver" for the action of the story (or of a duplicate that kept it), else its id. */
function titleOf(actionId: string | null, action: ActionDefinition | undefined): string {
  if (actionId === null) return "a request";
  return action?.id === actionId ? action.title : actionId;
}

export function numberOf(id: string | null, numbers: ReadonlyMap<string, number>): string {
  const number = id === null ? undefined : numbers.get(id);
  return number === undefined ? "an earlier request" : `#${number}`;
}

function reasonSuffix(reason: string | null): string {
  return reason?.trim() ? `: ${safe(oneLine(reason), QUOTE_MAX)}` : "";
}

/** " for @sam (away)": a delegate's decision, made on behalf of the checker who is away. */
function onBehalf(details: JsonObject): string {
  const away = text(details, "onBehalfOf");
  return away && isUserId(away) ? ` for ${mention(away)} (away)` : "";
}

/** Up to ten people by name, else `otherwise`. */
function someone(ids: readonly string[], otherwise: string): string {
  return ids.length > 0 && ids.length <= 10 ? mentions(ids) : otherwise;
}

/** What one type of event says happened; most need only the event's details. */
type Describe = (
  details: JsonObject,
  event: AuditEvent,
  action: ActionDefinition | undefined,
  numbers: ReadonlyMap<string, number>,
) => string;

const created: Describe = (details, event, action, numbers) => {
  const original = text(details, "duplicateOf");
  if (original !== null) {
    const own = event.requestNumber ?? numbers.get(event.requestId ?? "");
    return `sent ${numberOf(original, numbers)} again as ${own === undefined ? "a new request" : `#${own}`}`;
  }
  const environment = text(details, "environment");
  const where = environment ? ` in ${safe(oneLine(environment), 100)}` : "";
  return `asked for ${safe(oneLine(titleOf(text(details, "action"), action)), 200)}${where}`;
};

const approved: Describe = (details) => {
  const approvals = count(details, "approvals");
  const required = count(details, "approvalsRequired");
  const approved =
    approvals !== null && required !== null && required > 1
      ? `approved (${approvals} of ${required})`
      : "approved";
  return `${approved}${onBehalf(details)}`;
};

const escalated: Describe = (details) => {
  const recipients = userIds(details, "recipients");
  const to = text(details, "to");
  const where =
    to && /^[CGS]/.test(to) ? recipientMention(to) : someone(recipients, "the escalation contacts");
  return `escalated it to ${where}: nobody had decided after the last reminder`;
};

const reviewed: Describe = (details) =>
  details.verdict === "FLAGGED"
    ? `:triangular_flag_on_post: flagged the break-glass use${reasonSuffix(text(details, "note"))}`
    : details.look === 1
      ? "acknowledged the break-glass use: the first of two reviews"
      : details.look === 2
        ? "acknowledged the break-glass use: the second review"
        : "acknowledged the break-glass use";

const rerouted: Describe = (details) => {
  const [from, to] = [text(details, "from"), text(details, "to")];
  const until = text(details, "until");
  return from && to
    ? `re-routed it from ${mention(from)} to ${mention(to)}: ${mention(from)} is away${untilText(until)}`
    : "re-routed it to a delegate";
};

/** " until <date token>" for an ISO moment; nothing when there is none or it does not parse. */
function untilText(until: string | null): string {
  const at = until === null ? Number.NaN : Date.parse(until);
  return Number.isNaN(at) ? "" : ` until ${slackTime(new Date(at))}`;
}

const refused: Describe = (details) => {
  const attempted = safe(oneLine(text(details, "attempted") ?? "do something"), 40);
  const message = text(details, "message");
  const repeats = repeatsOf(details);
  const times = repeats ? ` ${describeRepeats(repeats)}` : "";
  return `tried to ${attempted}${times} but was refused${message ? `: ${botText(message, QUOTE_MAX)}` : ""}`;
};

const DESCRIBE: Partial<Record<AuditEventType, Describe>> = {
  REQUEST_CREATED: created,
  APPROVAL_RECORDED: approved,
  REQUEST_APPROVED: approved,
  REQUEST_DECLINED: (details) =>
    `declined${onBehalf(details)}${reasonSuffix(text(details, "reason"))}`,
  REQUEST_CANCELLED: (details) => `cancelled${reasonSuffix(text(details, "reason"))}`,
  REQUEST_EXPIRED: () => "let it expire: nobody decided in time",
  EXECUTION_STARTED: () => "started running it",
  REQUEST_FINISHED: () => "finished running it",
  REQUEST_FAILED: (details) => {
    const error = text(details, "error");
    return `failed to run it${error ? `: ${safe(oneLine(error), QUOTE_MAX)}` : ""}`;
  },
  CHECKER_NUDGED: (details) => `nudged ${someone(userIds(details, "checkers"), "the checkers")}`,
  REMINDER_SENT: (details) => {
    const whom = someone(userIds(details, "checkers"), "the checkers");
    const reminder = count(details, "reminder");
    return `reminded ${whom}${reminder !== null ? ` (reminder ${reminder})` : ""}: nobody had decided yet`;
  },
  REQUEST_ESCALATED: escalated,
  EXECUTION_RESUMED: () => "ran it again: the process running it had stopped before it finished",
  BREAK_GLASS_USED: (details) =>
    `:rotating_light: broke the glass: ran it without a checker${reasonSuffix(text(details, "reason"))}`,
  BREAK_GLASS_REVIEWED: reviewed,
  CHECKER_REROUTED: rerouted,
  OUTBOX_REDRIVEN: (details) => {
    const recipient = text(details, "recipient");
    const to = recipient && isUserId(recipient) ? ` to ${mention(recipient)}` : "";
    return `sent a message${to} again, at an operator's request: Slack had refused it`;
  },
  ATTEMPT_REFUSED: refused,
};

/** What happened, after the actor: "approved (1 of 2)", "declined: too much", … */
export function describeEvent(
  event: AuditEvent,
  action: ActionDefinition | undefined,
  numbers: ReadonlyMap<string, number>,
): string {
  // Own properties only: a type read from the trail could be any string ("constructor", …).
  const describe = Object.hasOwn(DESCRIBE, event.type) ? DESCRIBE[event.type] : undefined;
  return describe
    ? describe(event.details, event, action, numbers)
    : `recorded ${safe(String(event.type), 60)}`;
}
