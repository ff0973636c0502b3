import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { SlackDeps } from "../../deps.ts";
import { parseDecisionButton } from "../../forms/request-form.ts";
import { parseStoryPage } from "../../forms/story-form.ts";
import { HOME_CALLBACK } from "../../ids.ts";
import { renderRequestStory } from "../../views/request-story.ts";
import { tell } from "./button.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The story modal of a request as `viewerId` may see it; null when the request is gone. */
export async function storyView(
  deps: SlackDeps,
  requestId: string,
  viewerId: string,
  end?: number,
): Promise<ModalView | null> {
  const story = await deps.requests.storyOf(requestId);
  if (!story) return null;
  const numbers = new Map<string, number>();
  for (const event of story.events) {
    if (event.requestId && event.requestNumber !== null) {
      numbers.set(event.requestId, event.requestNumber);
    }
  }
  return renderRequestStory({
    request: story.request,
    action: deps.actions.get(story.request.actionId),
    events: story.events,
    numbers,
    viewerId,
    now: deps.clock.now(),
    ...(end === undefined ? {} : { end }),
  });
}

function buttonValueOf(args: ActionArgs): string | undefined {
  return "value" in args.action ? args.action.value : undefined;
}

/** "Details": the request's story in a modal, sensitive values only for those involved. */
export function homeDetails(deps: SlackDeps) {
  return async (args: ActionArgs) => {
    await args.ack();
    const button = parseDecisionButton(buttonValueOf(args));
    const view = button ? await storyView(deps, button.requestId, args.body.user.id) : null;
    if (!view) {
      await tell(args, "That request no longer exists.");
      return;
    }
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  };
}

/** "Older events" / "Newer events": the same modal, another page of the timeline. */
export function storyPage(deps: SlackDeps) {
  return async (args: ActionArgs) => {
    await args.ack();
    const page = parseStoryPage(buttonValueOf(args));
    const shown = args.body.view;
    if (!page || !shown) return;
    const view = await storyView(deps, page.requestId, args.body.user.id, page.end);
    if (!view) {
      await tell(args, "That request no longer exists.");
      return;
    }
    await args.client.views.update({ view_id: shown.id, view });
  };
}

/**
 * After a button in the story modal changed the request (Approve, Cancel): the modal shows where
 * it now stands, so the click visibly did something. Nothing for a click anywhere else.
 */
export async function refreshStory(
  deps: SlackDeps,
  args: Pick<ActionArgs, "client"> & {
    readonly body: { readonly view?: { id: string; callback_id: string }; user: { id: string } };
  },
  requestId: string,
): Promise<void> {
  const shown = args.body.view;
  if (!shown || shown.callback_id !== HOME_CALLBACK.requestStory) return;
  const view = await storyView(deps, requestId, args.body.user.id);
  if (view) await args.client.views.update({ view_id: shown.id, view });
}
