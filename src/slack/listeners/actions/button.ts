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

type ClickBody = {
  readonly trigger_id?: string;
  readonly response_url?: string;
  readonly view?: { readonly type: string };
};

/**
 * Opens `view` for the clicker: on top of the modal they clicked in (a request's Details), where
 * views.open would fail, or as a new modal from a message or the Home tab.
 */
export async function openView(
  args: Pick<ButtonArgs, "client"> & { readonly body: ClickBody },
  view: ModalView,
): Promise<void> {
  const triggerId = args.body.trigger_id;
  if (!triggerId) return;
  if (args.body.view?.type === "modal") {
    await args.client.views.push({ trigger_id: triggerId, view });
    return;
  }
  await args.client.views.open({ trigger_id: triggerId, view });
}

/**
 * Tells the clicker why nothing happened: an ephemeral reply under the message they clicked, or,
 * for a click in the Home tab or a modal (which have nowhere to reply), a small modal.
 */
export async function tell(
  args: Pick<ButtonArgs, "respond" | "client"> & { readonly body: ClickBody },
  text: string,
): Promise<void> {
  if (args.body.response_url) {
    await args.respond({ response_type: "ephemeral", replace_original: false, text });
    return;
  }
  await openView(args, noticeModal("Four Eyes", text));
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
    await openView(args, render(request, deps.actions.get(request.actionId)));
  });
}
