import type { ModalView } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { LIMITS } from "../../requests/field-limits.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { BLOCK, CALLBACK, INPUT } from "../ids.ts";
import { mention, plainText, SLACK, safe, section } from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { requestName } from "./request-details.ts";

/** Asks the checker why they decline; the request id travels in private_metadata. */
export function renderDeclineModal(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): ModalView {
  const summary =
    `*${requestName(request, action)}* for ${safe(request.team, 200)} ` +
    `in ${safe(environmentName(request, action), 100)}, asked by ${mention(request.makerId)}.`;
  return {
    type: "modal",
    callback_id: CALLBACK.declineModal,
    title: plainText(`Decline #${request.number}`, SLACK.modalTitle),
    submit: plainText("Decline", SLACK.modalButton),
    close: plainText("Back", SLACK.modalButton),
    private_metadata: request.id,
    blocks: [
      section(summary),
      {
        type: "input",
        block_id: BLOCK.reason,
        label: plainText("Why do you decline?"),
        hint: plainText("The maker sees this and can send a corrected request."),
        element: {
          type: "plain_text_input",
          action_id: INPUT,
          multiline: true,
          max_length: Math.min(LIMITS.reason, SLACK.inputLength),
          placeholder: plainText("e.g. The amount is above the refund policy; ask finance first."),
        },
      },
    ],
  };
}
