import type { ActionsBlock, ContextBlock, KnownBlock } from "@slack/types";
import { type AuditEvent, SYSTEM_ACTOR } from "../../requests/audit-events.ts";
import { encodeStoryPage } from "../forms/story-form.ts";
import { HOME_ACTION, HOME_BLOCK } from "../ids.ts";
import { button, context, mention } from "./blocks.ts";
import { statusBadge } from "./status-words.ts";
import { describeEvent, text } from "./story-event.ts";
import type { RequestStoryInput } from "./story-input.ts";
import { slackTime } from "./time-token.ts";

/** Events on one page of the timeline at most. */
export const STORY_PAGE = 30;

/** " → :gear: Running" when the event moved the request, in the words the cards use. */
function becomes(event: AuditEvent): string {
  // A new request is pending: saying so again after "asked for …" adds nothing.
  if (event.toStatus === null || event.fromStatus === null) return "";
  if (event.fromStatus === event.toStatus) return "";
  return ` → ${statusBadge(event.toStatus)}`;
}

/** One line of the story: when, which request (if another), who, what, and where it now stands. */
export function eventLine(
  event: AuditEvent,
  input: Pick<RequestStoryInput, "request" | "action" | "numbers">,
): string {
  const who = event.actor === SYSTEM_ACTOR ? "The bot" : mention(event.actor);
  const namesItself = event.type === "REQUEST_CREATED" && text(event.details, "duplicateOf");
  const other = event.requestId !== input.request.id && !namesItself;
  const id = event.requestId;
  const number = event.requestNumber ?? (id === null ? undefined : input.numbers.get(id));
  const which = other ? `*${number === undefined ? "another request" : `#${number}`}* · ` : "";
  const what = describeEvent(event, input.action, input.numbers);
  return `${slackTime(event.at)} · ${which}${who} ${what}${becomes(event)}`;
}

/** What an auditor matches against the trail and the CLI: the event's type and its hash. */
export function auditCode(event: AuditEvent): string {
  const hash = event.hash ? ` \`${event.hash.slice(0, 12)}\`` : "";
  return `\`${event.type}\`${hash}`;
}

function eventBlock(event: AuditEvent, input: RequestStoryInput): ContextBlock {
  const line = context(eventLine(event, input));
  return { ...line, elements: [...line.elements, { type: "mrkdwn", text: auditCode(event) }] };
}

/** Where the page of `size` events ending at `end` (or the latest) starts and ends. */
export function pageBounds(total: number, end: number | undefined, size: number) {
  const last = Math.min(total, Math.max(end ?? total, Math.min(size, total)));
  return { start: Math.max(0, last - size), end: last };
}

function pagingButtons(input: RequestStoryInput, start: number, end: number, size: number) {
  const total = input.events.length;
  const requestId = input.request.id;
  const elements = [];
  if (start > 0) {
    elements.push({
      ...button({
        text: "Older events",
        actionId: HOME_ACTION.storyOlder,
        value: encodeStoryPage({ requestId, end: start }),
      }),
      accessibility_label: `Show the events before event ${start + 1}`,
    });
  }
  if (end < total) {
    const next = Math.min(total, end + size);
    elements.push({
      ...button({
        text: "Newer events",
        actionId: HOME_ACTION.storyNewer,
        value: encodeStoryPage({ requestId, end: next }),
      }),
      accessibility_label: `Show events ${end + 1} to ${next} of ${total}`,
    });
  }
  const block: ActionsBlock = { type: "actions", block_id: HOME_BLOCK.storyPaging, elements };
  return block;
}

/**
 * The timeline within `room` blocks, one context line per event, oldest first: the latest page
 * unless `input.end` asks for an earlier one, with "Older events" / "Newer events" to move.
 */
export function timeline(input: RequestStoryInput, room: number): KnownBlock[] {
  const { events } = input;
  if (events.length === 0) return [context("_Nothing has been recorded for this request yet._")];
  const line = (event: AuditEvent) => eventBlock(event, input);
  if (events.length <= Math.min(room, STORY_PAGE)) return events.map(line);
  // Two blocks go to "Events 1–30 of 57" and the buttons.
  const size = Math.max(1, Math.min(STORY_PAGE, room - 2));
  const { start, end } = pageBounds(events.length, input.end, size);
  return [
    context(`_Events ${start + 1}–${end} of ${events.length}, oldest first_`),
    ...events.slice(start, end).map(line),
    pagingButtons(input, start, end, size),
  ];
}
