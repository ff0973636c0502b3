import type { ModalView } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { LIMITS } from "../../requests/field-limits.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { BLOCK, CALLBACK, INPUT } from "../ids.ts";
import { mention, plainText, SLACK, safe, section } from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { requestName } from "./request-details.ts";

/** Asks a reviewer what looks wrong with a break-glass use; the request id travels in metadata. */
export function renderFlagModal(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): ModalView {
  const summary =
    `*${requestName(request, action)}* in ${safe(environmentName(request, action), 100)}, ` +
    `run by ${mention(request.makerId)} by breaking the glass.`;
  return {
    type: "modal",
    callback_id: CALLBACK.flagModal,
    title: plainText(`Flag #${request.number}`, SLACK.modalTitle),
    submit: plainText("Flag", SLACK.modalButton),
    close: plainText("Back", SLACK.modalButton),
    private_metadata: request.id,
    blocks: [
      section(summary),
      {
        type: "input",
        block_id: BLOCK.note,
        label: plainText("What looks wrong?"),
        hint: plainText("Recorded in the audit trail; the maker and the audit channel see it."),
        element: {
          type: "plain_text_input",
          action_id: INPUT,
          multiline: true,
          max_length: Math.min(LIMITS.reason, SLACK.inputLength),
          placeholder: plainText("e.g. Not an emergency: this could have waited for a checker."),
        },
      },
    ],
  };
}
