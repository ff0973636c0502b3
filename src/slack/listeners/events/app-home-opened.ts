import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** The Home tab, with the person's remembered filters; the Messages tab needs nothing. */
export function appHomeOpened({ home, replays }: SlackDeps) {
  return async ({ event, body }: HomeArgs) => {
    if (event.tab !== "home") return;
    // Slack retries an event it thinks went unanswered: publishing twice would be harmless but
    // wasteful.
    if (!replays.firstTime(`event:${body.event_id}`)) return;
    await home.publish(event.user);
  };
}
