import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { KeptRequest, RerouteReport } from "../../../requests/request-service.ts";
import type { SlackDeps } from "../../deps.ts";
import { delegationErrors, parseDelegationForm } from "../../forms/delegation-form.ts";
import { BLOCK } from "../../ids.ts";
import { mention } from "../../views/blocks.ts";
import { noticeModal, SAVE_FAILED } from "../../views/submission-status.ts";
import { withinDeadline } from "./deadline.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Sets the delegation; problems show under their field. On success the form turns into a note
 * of what moved to the delegate at once (and what stayed, and why), and the Home tab updates.
 */
export function delegationSubmission(deps: SlackDeps) {
  return async ({ ack, body, view }: SubmitArgs) => {
    const userId = body.user.id;
    const form = parseDelegationForm(view);
    const settled = await withinDeadline(
      deps.delegations.setDelegation({ checkerId: userId, ...form }),
      deps.submissionDeadlineMs,
    );
    if (settled.kind !== "done") {
      if (settled.kind === "failed")
        deps.logger.error(`delegation of ${userId} not saved: ${String(settled.error)}`);
      await ack({ response_action: "errors", errors: { [BLOCK.delegate]: SAVE_FAILED } });
      return;
    }
    const outcome = settled.value;
    if (!outcome.ok) {
      await ack({
        response_action: "errors",
        errors: delegationErrors(outcome.refusal.fields ?? { delegate: outcome.refusal.message }),
      });
      return;
    }
    const { delegation, report } = outcome.value;
    await ack({
      response_action: "update",
      view: noticeModal(view.title.text, describeSet(delegation.delegateId, report)),
    });
    await deps.home.publish(userId);
  };
}

/** The note the delegation form turns into: what moved to the delegate, and what stayed and why. */
export function describeSet(delegateId: string, report: RerouteReport | null): string {
  const lines = [
    `:palm_tree: Saved: while you are away, the requests you are asked to approve go to ${mention(delegateId)}.`,
  ];
  if (report === null) {
    lines.push("Requests waiting for you move to them when your time away starts.");
  } else if (report.rerouted.length > 0) {
    const numbers = report.rerouted.map((r) => `#${r.number}`).join(", ");
    lines.push(`Moved to them now: ${numbers}.`);
  }
  for (const kept of report?.kept ?? []) {
    lines.push(`#${kept.request.number} stays with you: ${whyKept(kept)}.`);
  }
  return lines.join("\n");
}

/** "<@U2> made #4": why the delegate could not take a request over. */
function whyKept({ request, code, delegateId }: KeptRequest): string {
  const who = mention(delegateId);
  switch (code) {
    case "DELEGATE_MADE_IT":
      return `${who} made #${request.number}`;
    case "DELEGATE_ALREADY_CHECKS":
      return `${who} is already a checker of #${request.number}`;
    case "DELEGATE_NOT_ALLOWED":
      return `${who} may not approve #${request.number}`;
  }
}
