import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { renderDelegationModal } from "../../views/delegation-modal.ts";
import { tell } from "./button.ts";

type HomeArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** "Set a delegate" on the Home tab: the form. */
export function setDelegateButton(deps: SlackDeps) {
  return async ({ ack, body, client }: HomeArgs) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: renderDelegationModal(deps.clock.now()),
    });
  };
}

/** "I'm back": new requests come to the viewer again; their Home says so. */
export function endDelegationButton(deps: SlackDeps) {
  return async (args: HomeArgs) => {
    await args.ack();
    const userId = args.body.user.id;
    const ended = await deps.delegations.endDelegation(userId);
    if (!ended.ok) await tell(args, ended.refusal.message);
    await deps.home.publish(userId);
  };
}
