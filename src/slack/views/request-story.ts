import type { KnownBlock, ModalView } from "@slack/types";
import { formatTime } from "../../core/time-text.ts";
import { type AuditEvent, SYSTEM_ACTOR } from "../../requests/audit-events.ts";
import { HOME_CALLBACK } from "../ids.ts";
import {
  capBlocks,
  context,
  header,
  mention,
  oneLine,
  plainText,
  SLACK,
  section,
} from "./blocks.ts";
import { formatAge } from "./home/age.ts";
import { renderOutcome } from "./outcome.ts";
import { actionTitle, renderRequestDetails, statusLine } from "./request-details.ts";
import { describeEvent, numberOf, text } from "./story-event.ts";
import type { RequestStoryInput } from "./story-input.ts";
import { hasHiddenValues, mayReveal, redactStory } from "./story-redaction.ts";

export { describeEvent } from "./story-event.ts";

/** The first events kept when a history is too long to show whole (the rest are the latest). */
const MAX_FIRST_EVENTS = 10;

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
