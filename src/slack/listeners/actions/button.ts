import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { parseDecisionButton } from "../../forms/request-form.ts";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export interface Click {
  readonly requestId: string;
  readonly userId: string;
  readonly args: ButtonArgs;
}

/**
 * What every request button shares: ack at once, ignore a replay of the same click, read the
 * request id from the button with zod, then hand over to `handle`.
 */
export function requestButton(
  { replays }: SlackDeps,
  handle: (click: Click) => Promise<void>,
): (args: ButtonArgs) => Promise<void> {
  return async (args) => {
    await args.ack();
    const { action, body, respond } = args;
    if (!replays.firstTime(`click:${body.user.id}:${action.action_id}:${action.action_ts}`)) return;
    const button = parseDecisionButton(action.value);
    if (!button) {
      await tell(
        respond,
        "This button does not name a request; it may be from an older version of the bot.",
      );
      return;
    }
    await handle({ requestId: button.requestId, userId: body.user.id, args });
  };
}

/** An ephemeral reply under the message that was clicked: only the clicker sees it. */
export async function tell(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: false, text });
}
