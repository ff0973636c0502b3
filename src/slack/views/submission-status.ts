import type { ModalView } from "@slack/types";
import type { RequestRecord } from "../../requests/types.ts";

/** Shown when saving takes longer than Slack waits for an answer; replaced when it is done. */
export function renderSavingModal(title: string): ModalView {
  return noticeModal(
    title,
    ":hourglass_flowing_sand: Saving… this is taking longer than usual. You can close this window: you will get a DM as soon as it is done.",
  );
}

export function renderSavedModal(title: string, request: RequestRecord): ModalView {
  const checkers = request.checkerIds.map((id) => `<@${id}>`).join(", ");
  return noticeModal(
    title,
    request.breakGlassReason !== null
      ? `:rotating_light: Request #${request.number} is saved and running; ${checkers} review it afterwards.`
      : `:white_check_mark: Request #${request.number} is saved and sent to ${checkers}.`,
  );
}

/** A modal that only says something, with a Close button. */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: title },
    close: { type: "plain_text", text: "Close" },
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}

/** Puts a warning above a form shown again, so nothing typed is lost. */
export function withNotice(view: ModalView, notice: string): ModalView {
  return {
    ...view,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:warning: ${notice}` } },
      ...view.blocks,
    ].slice(0, 100),
  };
}

/** Shown in a form whose answer could not be saved: nothing was filed, and nothing is lost. */
export const SAVE_FAILED =
  "This could not be saved right now (our database did not answer). Nothing was sent; your entries are still here, so press the button again in a moment.";
