import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { renderActionsHelp, renderUnknownActionReply } from "../../views/actions-help.ts";
import { renderRequestModal } from "../../views/request-modal.ts";
import { openRequestForm } from "../checker-choices.ts";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/request` opens the form; `/request <action id>` opens it with that action chosen;
 * `/request help` lists what the user may request.
 */
export function requestCommand(deps: SlackDeps) {
  const { requests } = deps;
  return async ({ ack, command, client, respond }: CommandArgs) => {
    await ack();
    const argument = command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    const actions = await requests.requestableActions(command.user_id);
    if (argument === "help") {
      await respond({ response_type: "ephemeral", ...renderActionsHelp(actions) });
      return;
    }
    const selected = argument ? actions.find((action) => action.id === argument) : undefined;
    if (argument && !selected) {
      const forbidden = deps.actions.get(argument);
      const why = forbidden ? await requests.whyNotMaker(forbidden, command.user_id) : null;
      await respond(
        why
          ? {
              response_type: "ephemeral",
              text: `${why} \`/request help\` lists what you can request.`,
            }
          : { response_type: "ephemeral", ...renderUnknownActionReply(argument, actions) },
      );
      return;
    }
    await openRequestForm(
      deps,
      client,
      command.trigger_id,
      { action: selected, environment: undefined, makerId: command.user_id },
      (checkerChoices) =>
        renderRequestModal({
          actions,
          ...(selected ? { selected } : {}),
          environments: selected ? requests.environmentsFor(selected) : [],
          // Where the confirmation goes once the form is sent.
          metadata: { channelId: command.channel_id },
          maxCheckers: requests.limits.maxCheckers,
          ...(checkerChoices ? { checkerChoices } : {}),
        }),
    );
  };
}
