import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { parseDeclineForm } from "../../forms/decline-form.ts";
import { BLOCK } from "../../ids.ts";
import { noticeModal, renderSavingModal, SAVE_FAILED } from "../../views/submission-status.ts";
import { withinDeadline } from "./deadline.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Records the decline with its reason; a refusal (decided meanwhile) shows in the form. */
export function declineSubmission(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs) => {
    const form = parseDeclineForm(view);
    if (!form.requestId) {
      await ack({
        response_action: "errors",
        errors: {
          [BLOCK.reason]: "This form lost track of its request: close it and click Decline again.",
        },
      });
      return;
    }
    const work = deps.requests.declineRequest({
      requestId: form.requestId,
      actorId: body.user.id,
      reason: form.reason,
    });
    const settled = await withinDeadline(work, deps.submissionDeadlineMs);
    if (settled.kind === "done") {
      if (settled.value.ok) await ack();
      else
        await ack({
          response_action: "errors",
          errors: { [BLOCK.reason]: settled.value.refusal.message },
        });
      return;
    }
    if (settled.kind === "failed") {
      deps.logger.error(`decline by ${body.user.id} not saved: ${String(settled.error)}`);
      await ack({ response_action: "errors", errors: { [BLOCK.reason]: SAVE_FAILED } });
      return;
    }
    await ack({ response_action: "update", view: renderSavingModal(view.title.text) });
    const late = await withinDeadline(work, 60_000);
    const text =
      late.kind === "done"
        ? late.value.ok
          ? ":white_check_mark: Declined. The maker has been told why."
          : `:warning: ${late.value.refusal.message}`
        : ":warning: The decline could not be saved (our database did not answer). Nothing changed: click Decline on the request again in a moment.";
    await client.views.update({ view_id: view.id, view: noticeModal(view.title.text, text) });
  };
}
