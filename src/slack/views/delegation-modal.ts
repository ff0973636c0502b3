import type { ModalView } from "@slack/types";
import { BLOCK, CALLBACK, INPUT } from "../ids.ts";
import { context, plainText, SLACK } from "./blocks.ts";

const DAY_SECONDS = 24 * 60 * 60;

/**
 * "I'm away": who decides for the viewer, from when (now if left empty) until when. Slack shows
 * the pickers in the viewer's own time zone and sends Unix seconds.
 */
export function renderDelegationModal(now: Date): ModalView {
  const tomorrow = Math.floor(now.getTime() / 1000) + DAY_SECONDS;
  return {
    type: "modal",
    callback_id: CALLBACK.delegationModal,
    title: plainText("I'm away", SLACK.modalTitle),
    submit: plainText("Set delegate", SLACK.modalButton),
    close: plainText("Cancel", SLACK.modalButton),
    blocks: [
      context(
        "While you are away, the requests you are asked to approve go to your delegate, and the ones waiting on you move to them when it starts. Makers see who decides.",
      ),
      {
        type: "input",
        block_id: BLOCK.delegate,
        label: plainText("Who decides for you?"),
        hint: plainText("They decide on your behalf; the audit trail records it."),
        element: { type: "users_select", action_id: INPUT },
      },
      {
        type: "input",
        block_id: BLOCK.awayFrom,
        label: plainText("Away from"),
        optional: true,
        hint: plainText("Leave it empty to start now."),
        element: { type: "datetimepicker", action_id: INPUT },
      },
      {
        type: "input",
        block_id: BLOCK.awayUntil,
        label: plainText("Back on"),
        element: { type: "datetimepicker", action_id: INPUT, initial_date_time: tomorrow },
      },
    ],
  };
}
