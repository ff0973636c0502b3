/**
 * What the baseline app shows: a form with the same block ids as the real one (so the load
 * generator fills both the same way) and a checker message with the same button ids.
 */
import type { KnownBlock, ModalView } from "@slack/types";
import { ACTION, BLOCK, CALLBACK, INPUT, paramBlockId } from "../../src/slack/ids.ts";

const text = (value: string) => ({ type: "plain_text" as const, text: value });

function textInput(blockId: string, label: string): KnownBlock {
  return {
    type: "input",
    block_id: blockId,
    label: text(label),
    element: { type: "plain_text_input", action_id: INPUT },
  };
}

export function requestModal(environments: readonly string[]): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK.requestModal,
    title: text("New request"),
    submit: text("Submit"),
    close: text("Cancel"),
    blocks: [
      {
        type: "input",
        block_id: BLOCK.environment,
        label: text("Environment"),
        element: {
          type: "static_select",
          action_id: INPUT,
          options: environments.map((name) => ({ text: text(name), value: name })),
        },
      },
      textInput(BLOCK.team, "Team"),
      textInput(paramBlockId("invoice_id"), "Invoice ID"),
      textInput(paramBlockId("amount"), "Amount"),
      textInput(BLOCK.purpose, "Purpose"),
      {
        type: "input",
        block_id: BLOCK.checkers,
        label: text("Checker"),
        element: { type: "users_select", action_id: INPUT },
      },
    ],
  };
}

export function declineModal(requestId: string): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK.declineModal,
    title: text("Decline"),
    submit: text("Decline"),
    private_metadata: requestId,
    blocks: [textInput(BLOCK.reason, "Why?")],
  };
}

export function checkerMessage(requestId: string, summary: string, decided?: string) {
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: summary } }];
  if (decided) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: decided }] });
  else {
    blocks.push({
      type: "actions",
      block_id: BLOCK.decision,
      elements: [
        { type: "button", action_id: ACTION.approve, text: text("Approve"), value: requestId },
        { type: "button", action_id: ACTION.decline, text: text("Decline"), value: requestId },
      ],
    });
  }
  return { text: summary, blocks };
}
