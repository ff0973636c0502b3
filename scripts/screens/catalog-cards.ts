/** The request cards: the checker's, the maker's, the escalation and the break-glass alert. */
import { renderBreakGlassAlert } from "../../src/slack/views/break-glass-alert.ts";
import { renderCheckerMessage } from "../../src/slack/views/checker-message.ts";
import { renderEscalationMessage } from "../../src/slack/views/escalation-message.ts";
import { renderMakerMessage } from "../../src/slack/views/maker-message.ts";
import { message, type ScreenGroup } from "./catalog-types.ts";
import {
  accountChange,
  at,
  brokenGlass,
  CHECKER,
  DELEGATE,
  halfApproved,
  inStatus,
  LEAD,
  OTHER_CHECKER,
  request,
  restore,
  waiver,
  warnedWaiver,
  worstFailed,
  worstRequest,
} from "./fixtures.ts";

const approvedByOther = () =>
  request({
    checkerIds: [CHECKER, OTHER_CHECKER],
    status: "EXECUTING",
    approvedBy: [OTHER_CHECKER],
    decidedBy: OTHER_CHECKER,
    decidedAt: at(14, 5),
    executionStartedAt: at(14, 5),
  });

const delegated = () => request({ checkerIds: [DELEGATE], onBehalfOf: { [DELEGATE]: CHECKER } });

export const checkerCard: ScreenGroup = {
  title: "The checker's card",
  about:
    "A DM to each checker; edited in place on every change (the buttons go once they have decided).",
  screens: [
    {
      title: "Pending (sensitive values shown: the checker decides on them)",
      render: () =>
        message(
          renderCheckerMessage({
            request: inStatus.PENDING(),
            action: waiver,
            checkerId: CHECKER,
            // EXPIRE_AFTER's default (7 days), as the notifier passes it.
            expiresAt: new Date(inStatus.PENDING().createdAt.getTime() + 7 * 86_400_000),
          }),
        ),
    },
    {
      title: "Pending, filed by a Workflow Builder step",
      render: () =>
        message(
          renderCheckerMessage({
            request: {
              ...inStatus.PENDING(),
              workflowStep: {
                executionId: "Fx0REFUND1",
                workflowExecutionId: "Wx0REFUND1",
                details: "Requested through the refund form by the customer's account manager",
              },
            },
            action: waiver,
            checkerId: CHECKER,
          }),
        ),
    },
    {
      title: "Pending, with the action's warnings",
      render: () =>
        message(
          renderCheckerMessage({
            request: inStatus.PENDING(),
            action: warnedWaiver,
            checkerId: CHECKER,
          }),
        ),
    },
    {
      title: "Two approvals needed, one given (the second checker's copy)",
      render: () =>
        message(
          renderCheckerMessage({ request: halfApproved(), action: restore, checkerId: CHECKER }),
        ),
    },
    {
      title: "Approved by another checker, now running",
      render: () =>
        message(
          renderCheckerMessage({ request: approvedByOther(), action: waiver, checkerId: CHECKER }),
        ),
    },
    {
      title: "Declined",
      render: () =>
        message(
          renderCheckerMessage({
            request: inStatus.DECLINED(),
            action: waiver,
            checkerId: CHECKER,
          }),
        ),
    },
    {
      title: "A duplicate of an earlier request",
      render: () =>
        message(
          renderCheckerMessage({
            request: request({ number: 13, duplicateOfId: "00000000-0000-4000-8000-000000000012" }),
            action: waiver,
            checkerId: CHECKER,
            resendOf: { number: 12, status: "DECLINED", reason: "Wrong invoice: use in_1002" },
          }),
        ),
    },
    {
      title: "The delegate's copy, deciding for a checker who is away",
      render: () =>
        message(
          renderCheckerMessage({ request: delegated(), action: waiver, checkerId: DELEGATE }),
        ),
    },
    {
      title: "The away checker's copy after it moved to their delegate",
      render: () =>
        message(renderCheckerMessage({ request: delegated(), action: waiver, checkerId: CHECKER })),
    },
    {
      title: "Worst case: long texts, five checkers, two of three approvals, a removed param",
      render: () =>
        message(
          renderCheckerMessage({
            request: worstRequest(),
            action: warnedWaiver,
            checkerId: CHECKER,
          }),
        ),
    },
  ],
};

const maker = (drawn: Parameters<typeof renderMakerMessage>[0]) =>
  message(renderMakerMessage(drawn));

export const makerCard: ScreenGroup = {
  title: "The maker's card",
  about:
    "A DM to the maker when they file a request; edited in place on every change. Sensitive values are masked.",
  screens: [
    { title: "Pending", render: () => maker({ request: inStatus.PENDING(), action: waiver }) },
    {
      title: "Pending, Slack has not taken the checker's message yet",
      render: () => maker({ request: inStatus.PENDING(), action: waiver, deliveryDelayed: true }),
    },
    {
      title: "Pending, a checker could not be reached",
      render: () =>
        maker({
          request: inStatus.PENDING(),
          action: waiver,
          unreached: [{ checkerId: CHECKER, error: "user_disabled", attempts: 1 }],
        }),
    },
    {
      title: "Pending, one of two approvals",
      render: () => maker({ request: halfApproved(), action: restore }),
    },
    { title: "Running", render: () => maker({ request: inStatus.EXECUTING(), action: waiver }) },
    { title: "Done", render: () => maker({ request: inStatus.FINISHED(), action: waiver }) },
    { title: "Failed", render: () => maker({ request: inStatus.FAILED(), action: waiver }) },
    { title: "Declined", render: () => maker({ request: inStatus.DECLINED(), action: waiver }) },
    { title: "Cancelled", render: () => maker({ request: inStatus.CANCELLED(), action: waiver }) },
    { title: "Expired", render: () => maker({ request: inStatus.EXPIRED(), action: waiver }) },
    {
      title: "Break glass, waiting for review",
      render: () => maker({ request: brokenGlass(), action: accountChange }),
    },
    {
      title: "A duplicate of an earlier request",
      render: () =>
        maker({
          request: request({ number: 13 }),
          action: waiver,
          resendOf: { number: 12, status: "FAILED", reason: "Webhook answered 502 Bad Gateway" },
        }),
    },
    {
      title: "The action is no longer configured",
      render: () => maker({ request: inStatus.PENDING(), action: undefined }),
    },
    {
      title: "Worst case: failed with a long response body",
      render: () => maker({ request: worstFailed(), action: waiver }),
    },
  ],
};

export const escalation: ScreenGroup = {
  title: "The escalation message",
  about:
    "Posted to the action's escalation contact (a lead, a group or a channel) when nobody decided after the last reminder.",
  screens: [
    {
      title: "Waiting for a decision",
      render: () =>
        message(
          renderEscalationMessage({
            request: request({ escalatedAt: at(15, 0), escalatedTo: [LEAD], remindersSent: 2 }),
            action: waiver,
          }),
        ),
    },
    {
      title: "Settled since",
      render: () =>
        message(
          renderEscalationMessage({
            request: { ...inStatus.FINISHED(), escalatedAt: at(14, 4), escalatedTo: [LEAD] },
            action: waiver,
          }),
        ),
    },
  ],
};

export const breakGlassAlert: ScreenGroup = {
  title: "The break-glass alert",
  about:
    "Sent at once to the reviewers (the checkers) and the audit channel when a maker breaks the glass.",
  screens: [
    {
      title: "A reviewer's copy, waiting for review",
      render: () =>
        message(
          renderBreakGlassAlert({ request: brokenGlass(), action: accountChange, reveal: true }),
        ),
    },
    {
      title: "The audit channel's copy, flagged",
      render: () =>
        message(
          renderBreakGlassAlert({
            request: brokenGlass({
              reviewVerdict: "FLAGGED",
              reviewedBy: OTHER_CHECKER,
              reviewedAt: at(15, 30),
              reviewNote: "Not an emergency: the launch was next week.",
            }),
            action: accountChange,
            reveal: false,
          }),
        ),
    },
  ],
};

export const CARD_GROUPS = [checkerCard, makerCard, escalation, breakGlassAlert];
