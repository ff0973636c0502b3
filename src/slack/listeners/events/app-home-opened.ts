import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { renderHomeIntro } from "../../views/home-view.ts";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** The Home tab; the Messages tab needs nothing published. */
export function appHomeOpened({ requests, replays }: SlackDeps) {
  return async ({ event, body, client }: HomeArgs) => {
    if (event.tab !== "home") return;
    // Slack retries an event it thinks went unanswered: publishing twice would be harmless but
    // wasteful.
    if (!replays.firstTime(`event:${body.event_id}`)) return;
    const actions = await requests.requestableActions(event.user);
    await client.views.publish({ user_id: event.user, view: renderHomeIntro(actions) });
  };
}
