import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { Result } from "../../../core/result.ts";
import type { SlackDeps } from "../../deps.ts";
import type { SubmittedView } from "../../forms/request-form.ts";
import { noticeModal, renderSavingModal, SAVE_FAILED } from "../../views/submission-status.ts";
import { withinDeadline } from "./deadline.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A one-field form about a request (decline's reason, flag's note), as it is submitted. */
export interface DecisionFormSpec<Form extends { readonly requestId: string | null }> {
  /** The block that shows problems: the form's one input. */
  readonly block: string;
  readonly parse: (view: SubmittedView) => Form;
  readonly save: (
    form: Form & { readonly requestId: string },
    userId: string,
  ) => Promise<Result<unknown>>;
  /** Shown when it was saved only after the form had to be answered. */
  readonly savedLate: string;
  /** Shown when the database did not answer: what to do again. */
  readonly notSaved: string;
  /** For the log: "decline", "flag". */
  readonly verb: string;
  /** Clicked again to get a fresh form, when this one lost its request. */
  readonly button: string;
}

/**
 * Saves the form; a refusal (decided meanwhile) shows under its input with the form still open.
 * The answer always reaches Slack within its 3 seconds: a "saving" screen when the database is
 * slow, then the outcome.
 */
export function decisionFormSubmission<Form extends { readonly requestId: string | null }>(
  deps: SlackDeps,
  spec: DecisionFormSpec<Form>,
) {
  return async ({ ack, body, view, client }: SubmitArgs) => {
    const form = spec.parse(view);
    const { requestId } = form;
    if (!requestId) {
      await ack({
        response_action: "errors",
        errors: {
          [spec.block]: `This form lost track of its request: close it and click ${spec.button} again.`,
        },
      });
      return;
    }
    const work = spec.save({ ...form, requestId }, body.user.id);
    const settled = await withinDeadline(work, deps.submissionDeadlineMs);
    if (settled.kind === "done") {
      if (settled.value.ok) await ack();
      else
        await ack({
          response_action: "errors",
          errors: { [spec.block]: settled.value.refusal.message },
        });
      return;
    }
    if (settled.kind === "failed") {
      deps.logger.error(`${spec.verb} by ${body.user.id} not saved: ${String(settled.error)}`);
      await ack({ response_action: "errors", errors: { [spec.block]: SAVE_FAILED } });
      return;
    }
    await ack({ response_action: "update", view: renderSavingModal(view.title.text) });
    const late = await withinDeadline(work, 60_000);
    const text =
      late.kind === "done"
        ? late.value.ok
          ? spec.savedLate
          : `:warning: ${late.value.refusal.message}`
        : spec.notSaved;
    await client.views.update({ view_id: view.id, view: noticeModal(view.title.text, text) });
  };
}
