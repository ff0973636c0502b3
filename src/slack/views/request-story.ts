import type { KnownBlock, ModalView } from "@slack/types";
import type { JsonObject } from "../../core/json.ts";
import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { type AuditEvent, SYSTEM_ACTOR } from "../../requests/audit-events.ts";
import { describeRepeats, repeatsOf } from "../../requests/refused-attempts.ts";
import { HOME_CALLBACK } from "../ids.ts";
import {
  capBlocks,
  context,
  header,
  isUserId,
  mention,
  mentions,
  oneLine,
  plainText,
  SLACK,
  safe,
  section,
  truncateEscaped,
} from "./blocks.ts";
import { formatAge } from "./home/age.ts";
import { renderOutcome } from "./outcome.ts";
import {
  actionTitle,
  recipientMention,
  renderRequestDetails,
  statusLine,
} from "./request-details.ts";
import type { RequestStoryInput } from "./story-input.ts";
import { hasHiddenValues, mayReveal, redactStory } from "./story-redaction.ts";
import { escapeMrkdwn } from "./user-text.ts";

/** The first events kept when a history is too long to show whole (the rest are the latest). */
const MAX_FIRST_EVENTS = 10;
/** How much of a reason, error or refusal one timeline line quotes. */
const QUOTE_MAX = 500;

function text(details: JsonObject, key: string): string | null {
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

function numberOf(id: string | null, numbers: ReadonlyMap<string, number>): string {
  const number = id === null ? undefined : numbers.get(id);
  return number === undefined ? "an earlier request" : `#${number}`;
}

function reasonSuffix(reason: string | null): string {
  return reason?.trim() ? `: ${safe(oneLine(reason), QUOTE_MAX)}` : "";
}

/** What happened, after the actor: "approved (1 of 2)", "declined: too much", … */
export function describeEvent(
  event: AuditEvent,
  action: ActionDefinition | undefined,
  numbers: ReadonlyMap<string, number>,
): string {
  const details = event.details;
  switch (event.type) {
    case "REQUEST_CREATED": {
      const original = text(details, "duplicateOf");
      if (original !== null) {
        const own = event.requestNumber ?? numbers.get(event.requestId ?? "");
        return `filed ${own === undefined ? "a new request" : `#${own}`} as a duplicate of ${numberOf(original, numbers)}`;
      }
      const environment = text(details, "environment");
      const where = environment ? ` in ${safe(oneLine(environment), 100)}` : "";
      return `asked for ${safe(oneLine(titleOf(text(details, "action"), action)), 200)}${where}`;
    }
    case "APPROVAL_RECORDED":
    case "REQUEST_APPROVED": {
      const approvals = count(details, "approvals");
      const required = count(details, "approvalsRequired");
      const approved =
        approvals !== null && required !== null && required > 1
          ? `approved (${approvals} of ${required})`
          : "approved";
      return `${approved}${onBehalf(details)}`;
    }
    case "REQUEST_DECLINED":
      return `declined${onBehalf(details)}${reasonSuffix(text(details, "reason"))}`;
    case "REQUEST_CANCELLED":
      return `cancelled${reasonSuffix(text(details, "reason"))}`;
    case "REQUEST_EXPIRED":
      return "let it expire: nobody decided in time";
    case "EXECUTION_STARTED":
      return "started running it";
    case "REQUEST_FINISHED":
      return "finished running it";
    case "REQUEST_FAILED": {
      const error = text(details, "error");
      return `failed to run it${error ? `: ${safe(oneLine(error), QUOTE_MAX)}` : ""}`;
    }
    case "CHECKER_NUDGED": {
      const checkers = userIds(details, "checkers");
      return checkers.length > 0 && checkers.length <= 10
        ? `nudged ${mentions(checkers)}`
        : "nudged the checkers";
    }
    case "REMINDER_SENT": {
      const checkers = userIds(details, "checkers");
      const reminder = count(details, "reminder");
      const whom =
        checkers.length > 0 && checkers.length <= 10 ? mentions(checkers) : "the checkers";
      return `reminded ${whom}${reminder !== null ? ` (reminder ${reminder})` : ""}: nobody had decided yet`;
    }
    case "REQUEST_ESCALATED": {
      const recipients = userIds(details, "recipients");
      const to = text(details, "to");
      const where =
        to && /^[CGS]/.test(to)
          ? recipientMention(to)
          : recipients.length > 0 && recipients.length <= 10
            ? mentions(recipients)
            : "the escalation contacts";
      return `escalated it to ${where}: nobody had decided after the last reminder`;
    }
    case "EXECUTION_RESUMED":
      return "ran it again: the process running it had stopped before it finished";
    case "BREAK_GLASS_USED":
      return `:rotating_light: broke the glass: ran it without a checker${reasonSuffix(text(details, "reason"))}`;
    case "BREAK_GLASS_REVIEWED":
      return details.verdict === "FLAGGED"
        ? `:triangular_flag_on_post: flagged the break-glass use${reasonSuffix(text(details, "note"))}`
        : details.look === 1
          ? "acknowledged the break-glass use: the first of two reviews"
          : details.look === 2
            ? "acknowledged the break-glass use: the second review"
            : "acknowledged the break-glass use";
    case "CHECKER_REROUTED": {
      const [from, to] = [text(details, "from"), text(details, "to")];
      const until = text(details, "until");
      return from && to
        ? `re-routed it from ${mention(from)} to ${mention(to)}: ${mention(from)} is away${until ? ` until ${safe(until.slice(0, 16).replace("T", " "), 20)} UTC` : ""}`
        : "re-routed it to a delegate";
    }
    case "OUTBOX_REDRIVEN": {
      const recipient = text(details, "recipient");
      const to = recipient && isUserId(recipient) ? ` to ${mention(recipient)}` : "";
      return `sent a message${to} again, at an operator's request: Slack had refused it`;
    }
    case "ATTEMPT_REFUSED": {
      const attempted = safe(oneLine(text(details, "attempted") ?? "do something"), 40);
      const message = text(details, "message");
      const repeats = repeatsOf(details);
      const times = repeats ? ` ${describeRepeats(repeats)}` : "";
      return `tried to ${attempted}${times} but was refused${message ? `: ${botText(message, QUOTE_MAX)}` : ""}`;
    }
    default:
      return `recorded ${safe(String(event.type), 60)}`;
  }
}

/** " for @sam (away)": a delegate's decision, made on behalf of the checker who is away. */
function onBehalf(details: JsonObject): string {
  const away = text(details, "onBehalfOf");
  return away && isUserId(away) ? ` for ${mention(away)} (away)` : "";
}

/** " · `PENDING → APPROVED`" when the event moved the request; nothing for notes. */
function transition(event: AuditEvent): string {
  if (event.toStatus === null || event.fromStatus === event.toStatus) return "";
  return event.fromStatus === null
    ? ` · \`→ ${event.toStatus}\``
    : ` · \`${event.fromStatus} → ${event.toStatus}\``;
}

/** One line of the story: when, which request (if another), who, what, and the transition. */
export function eventLine(
  event: AuditEvent,
  input: Pick<RequestStoryInput, "request" | "action" | "numbers">,
): string {
  const who = event.actor === SYSTEM_ACTOR ? "The bot" : mention(event.actor);
  const namesItself = event.type === "REQUEST_CREATED" && text(event.details, "duplicateOf");
  const other = event.requestId !== input.request.id && !namesItself;
  const number = event.requestNumber ?? numbers(input.numbers, event.requestId);
  const which = other ? `*${number === undefined ? "another request" : `#${number}`}* · ` : "";
  const what = describeEvent(event, input.action, input.numbers);
  return `${formatTime(event.at)} · ${which}${who} ${what}${transition(event)}`;
}

function numbers(map: ReadonlyMap<string, number>, id: string | null): number | undefined {
  return id === null ? undefined : map.get(id);
}

/**
 * The timeline within `room` blocks, one context line per event. When it does not fit, the
 * first events and the latest ones are kept and a line in between says what is left out.
 */
function timeline(input: RequestStoryInput, room: number): KnownBlock[] {
  const { events, request } = input;
  if (events.length === 0) return [context("_Nothing has been recorded for this request yet._")];
  const line = (event: AuditEvent) => context(eventLine(event, input));
  if (events.length <= room) return events.map(line);
  const keep = Math.max(room - 1, 2);
  const first = Math.min(MAX_FIRST_EVENTS, Math.floor(keep / 2));
  const latest = keep - first;
  const left = events.length - first - latest;
  return [
    ...events.slice(0, first).map(line),
    context(
      `_… ${left} events not shown; \`npm run audit -- export --request ${request.number}\` has them all._`,
    ),
    ...events.slice(events.length - latest).map(line),
  ];
}

/**
 * The story of a request, for the Home tab's "Details": where it stands, what was asked, and
 * everything that happened to it and its duplicates. Sensitive values are shown only to the
 * maker and the checkers.
 */
export function renderRequestStory(full: RequestStoryInput): ModalView {
  const reveal = mayReveal(full.request, full.viewerId);
  const input = reveal ? full : redactStory(full);
  const { request, action, now } = input;
  const ages = [`Asked ${formatAge(request.createdAt, now)}`];
  if (request.updatedAt.getTime() !== request.createdAt.getTime()) {
    ages.push(`last change ${formatAge(request.updatedAt, now)}`);
  }
  const top: KnownBlock[] = [
    header(`#${request.number} ${oneLine(actionTitle(request, action))}`),
    section(statusLine(request)),
    context(ages.join(" · ")),
  ];
  if (request.duplicateOfId !== null) {
    top.push(context(`:repeat: Duplicate of ${numberOf(request.duplicateOfId, input.numbers)}`));
  }
  top.push(...renderRequestDetails(request, action, { reveal }));
  if (!reveal && hasHiddenValues(request, action)) {
    top.push(
      context(":lock: Sensitive values are hidden: only the maker and the checkers see them."),
    );
  }
  top.push(...renderOutcome(request));
  top.push({ type: "divider" }, header("What happened"));
  const blocks = [...top, ...timeline(input, SLACK.modalBlocks - top.length)];
  return {
    type: "modal",
    callback_id: HOME_CALLBACK.requestStory,
    title: plainText(`Request #${request.number}`, SLACK.modalTitle),
    close: plainText("Close", SLACK.modalButton),
    private_metadata: request.id,
    blocks: capBlocks(blocks, SLACK.modalBlocks),
  };
}
