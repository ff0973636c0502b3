import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { Refusal } from "../../../core/result.ts";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { SlackDeps } from "../../deps.ts";
import {
  parseRequestForm,
  parseRequestMetadata,
  type RequestModalMetadata,
  readSelectedActionId,
  toModalErrors,
} from "../../forms/request-form.ts";
import { BLOCK } from "../../ids.ts";
import type { CheckerOption } from "../../views/checker-field.ts";
import { renderRequestModal } from "../../views/request-modal.ts";
import {
  renderSavedModal,
  renderSavingModal,
  SAVE_FAILED,
  withNotice,
} from "../../views/submission-status.ts";
import { checkerChoicesFor } from "../checker-choices.ts";
import { confirmRequest } from "./confirm-request.ts";
import { withinDeadline } from "./deadline.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Files the request. Every "no" comes back as an error under the field it is about, with the
 * form still open and filled in; the answer always reaches Slack within its 3 seconds, even when
 * the database is slow (a "saving" screen) or away (an error in the form).
 */
export function requestSubmission(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs) => {
    const userId = body.user.id;
    const metadata = parseRequestMetadata(view.private_metadata);
    const chosen = readSelectedActionId(view);
    const action = chosen ? deps.actions.get(chosen) : undefined;
    const form = parseRequestForm(view, action);
    if (!form.actionId) {
      await ack({ response_action: "errors", errors: { [BLOCK.action]: "Choose what you need." } });
      return;
    }
    const replayKey = `submission:${view.id}`;
    if (deps.replays.has(replayKey)) {
      await ack(); // Already filed: a replayed or double submission closes the form, no more.
      return;
    }
    const input = {
      actionId: form.actionId,
      environment: form.environment,
      team: form.team,
      params: form.params,
      purpose: form.purpose,
      makerId: userId,
      checkerIds: form.checkerIds,
      breakGlass: form.breakGlass,
    };
    const work = metadata.duplicateOfId
      ? deps.requests.duplicateRequest({
          ...input,
          requestId: metadata.duplicateOfId,
          actorId: userId,
        })
      : deps.requests.createRequest(input);
    const title = view.title.text;
    const settled = await withinDeadline(work, deps.submissionDeadlineMs);
    if (settled.kind === "done") {
      if (settled.value.ok) {
        deps.replays.remember(replayKey);
        await ack();
        await confirmRequest(deps, client, settled.value.value.request, metadata.channelId);
      } else {
        await ack({ response_action: "errors", errors: formErrors(settled.value.refusal) });
      }
      return;
    }
    if (settled.kind === "failed") {
      deps.logger.error(`request from ${userId} not saved: ${String(settled.error)}`);
      await ack({ response_action: "errors", errors: { [BLOCK.purpose]: SAVE_FAILED } });
      return;
    }
    // The saving screen has no submit button, so nothing can be submitted twice meanwhile.
    await ack({ response_action: "update", view: renderSavingModal(title) });
    const late = await withinDeadline(work, 60_000);
    const saved = late.kind === "done" && late.value.ok ? late.value.value.request : null;
    if (saved) deps.replays.remember(replayKey);
    const problem =
      late.kind === "done" && !late.value.ok ? late.value.refusal.message : SAVE_FAILED;
    const choices = saved
      ? undefined
      : await checkerChoicesFor(deps, action, form.environment, userId);
    await client.views.update({
      view_id: view.id,
      view: saved
        ? renderSavedModal(title, saved, action)
        : withNotice(redrawForm(deps, form, metadata, action, choices), problem),
    });
    if (saved) await confirmRequest(deps, client, saved, metadata.channelId);
  };
}

/**
 * The refusal's own field errors, or its message under the action choice. Modal errors are plain
 * text: a mention left in one would show as raw markup, so any is reduced to its name or id.
 */
function formErrors(refusal: Refusal): Record<string, string> {
  const errors =
    refusal.fields && Object.keys(refusal.fields).length > 0
      ? toModalErrors(refusal.fields)
      : { [BLOCK.action]: refusal.message };
  return Object.fromEntries(
    Object.entries(errors).map(([block, text]) => [block, withoutMarkup(text)]),
  );
}

/** `<@U1>` → "@U1", `<!subteam^S1|@sre>` → "@sre", `<#C1|general>` → "#general". */
export function withoutMarkup(text: string): string {
  return text.replace(
    /<([@#!])([^<>|]+)(?:\|([^<>]*))?>/g,
    (_all, sigil: string, id: string, name?: string) =>
      name
        ? sigil === "#"
          ? `#${name}`
          : name
        : sigil === "!"
          ? `@${id.replace(/^subteam\^/, "")}`
          : `${sigil}${id}`,
  );
}

/** The form as it was submitted, to show again when saving failed after the answer went out. */
type ParsedRequestForm = ReturnType<typeof parseRequestForm>;

function redrawForm(
  deps: SlackDeps,
  form: ParsedRequestForm,
  metadata: RequestModalMetadata,
  action: ActionDefinition | undefined,
  checkerChoices: readonly CheckerOption[] | undefined,
) {
  return renderRequestModal({
    actions: deps.actions.list(),
    ...(action ? { selected: action } : {}),
    environments: action ? deps.requests.environmentsFor(action) : [],
    prefill: {
      environment: form.environment,
      team: form.team,
      purpose: form.purpose,
      checkerIds: form.checkerIds,
      params: form.params,
      breakGlass: form.breakGlass,
    },
    metadata,
    maxCheckers: deps.requests.limits.maxCheckers,
    ...(checkerChoices ? { checkerChoices } : {}),
  });
}
