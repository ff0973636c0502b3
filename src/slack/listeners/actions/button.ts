import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { Result } from "../../../core/result.ts";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { RequestRecord } from "../../../requests/types.ts";
import type { SlackDeps } from "../../deps.ts";
import { parseDecisionButton } from "../../forms/request-form.ts";
import { noticeModal } from "../../views/submission-status.ts";

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
    const { action, body } = args;
    if (!replays.firstTime(`click:${body.user.id}:${action.action_id}:${action.action_ts}`)) return;
    const button = parseDecisionButton(action.value);
    if (!button) {
      await tell(
        args,
        "This button does not name a request; it may be from an older version of the bot.",
      );
      return;
    }
    await handle({ requestId: button.requestId, userId: body.user.id, args });
  };
}

/**
 * Tells the clicker why nothing happened: an ephemeral reply under the message they clicked, or,
 * for a click in the Home tab (which has nowhere to reply), a small modal.
 */
export async function tell(
  args: Pick<ButtonArgs, "respond" | "client"> & {
    readonly body: { readonly trigger_id?: string; readonly response_url?: string };
  },
  text: string,
): Promise<void> {
  if (args.body.response_url) {
    await args.respond({ response_type: "ephemeral", replace_original: false, text });
    return;
  }
  if (args.body.trigger_id) {
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: noticeModal("Four Eyes", text),
    });
  }
}

/**
 * A button that opens a form about the request (decline's reason, flag's note), but only for
 * someone the core says may use it: anyone else never gets a form whose answer would be refused.
 */
export function formButton(
  deps: SlackDeps,
  mayUse: (input: { requestId: string; actorId: string }) => Promise<Result<RequestRecord>>,
  render: (request: RequestRecord, action: ActionDefinition | undefined) => ModalView,
) {
  return requestButton(deps, async ({ requestId, userId, args }) => {
    const allowed = await mayUse({ requestId, actorId: userId });
    if (!allowed.ok) {
      await tell(args, allowed.refusal.message);
      return;
    }
    const request = allowed.value;
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: render(request, deps.actions.get(request.actionId)),
    });
  });
}
