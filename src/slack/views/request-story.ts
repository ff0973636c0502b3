import type { KnownBlock, ModalView } from "@slack/types";
import { HOME_CALLBACK } from "../ids.ts";
import { capBlocks, context, header, oneLine, plainText, SLACK, section } from "./blocks.ts";
import { formatAge } from "./home/age.ts";
import { actionTitle, renderRequestDetails, statusLine } from "./request-details.ts";
import { storyButtons } from "./story-buttons.ts";
import { numberOf } from "./story-event.ts";
import type { RequestStoryInput } from "./story-input.ts";
import { storyOutcome } from "./story-outcome.ts";
import { hasHiddenValues, mayReveal, redactStory } from "./story-redaction.ts";
import { timeline } from "./story-timeline.ts";

export { describeEvent } from "./story-event.ts";
export { eventLine } from "./story-timeline.ts";

/**
 * The story of a request, for the Home tab's "Details": where it stands, the buttons the viewer
 * may use, what was asked, what the system answered, and everything that happened to it and its
 * duplicates, a page at a time. Sensitive values and the system's answer are shown only to the
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
    ...storyButtons(request, action, full.viewerId),
  ];
  if (request.duplicateOfId !== null) {
    top.push(context(`:repeat: Resend of ${numberOf(request.duplicateOfId, input.numbers)}`));
  }
  top.push(...storyOutcome(request, reveal));
  top.push(...renderRequestDetails(request, action, { reveal }));
  if (!reveal && hasHiddenValues(request, action)) {
    top.push(
      context(":lock: Sensitive values are hidden: only the maker and the checkers see them."),
    );
  }
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
