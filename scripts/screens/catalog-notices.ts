/** One-off notices (posted, so they notify), delivery notices and the audit channel's line. */
import { renderAuditLine } from "../../src/slack/views/audit-line.ts";
import { renderCheckpointNotice } from "../../src/slack/views/checkpoint-notice.ts";
import {
  renderReachedNotice,
  renderUnreachedNotice,
} from "../../src/slack/views/delivery-notice.ts";
import {
  renderDecisionNotice,
  renderDeliveryDelayedNotice,
  renderFlaggedNotice,
  renderInterruptedNotice,
  renderReroutedNotice,
  renderStepNotCompletedNotice,
} from "../../src/slack/views/outcome-notice.ts";
import { renderOutcomeReply, renderReminderReply } from "../../src/slack/views/thread-reply.ts";
import { message, type ScreenEntry, type ScreenGroup } from "./catalog-types.ts";
import {
  accountChange,
  brokenGlass,
  CHECKER,
  DELEGATE,
  halfApproved,
  inStatus,
  LONG_REASON,
  MAKER,
  NOW,
  OTHER_CHECKER,
  request,
  restore,
  waiver,
  worstFailed,
  worstRequest,
} from "./fixtures.ts";

type Status = keyof typeof inStatus;

const outcome = (status: Status, title: string): ScreenEntry => ({
  title,
  render: () => message(renderOutcomeReply(inStatus[status](), waiver)),
});

export const outcomeNotices: ScreenGroup = {
  title: "Notices to the maker",
  about: "A reply under the maker's card (it notifies them) when their request closes.",
  screens: [
    outcome("FINISHED", "Done"),
    outcome("FAILED", "Failed"),
    outcome("DECLINED", "Declined"),
    outcome("EXPIRED", "Expired"),
    {
      title: "Worst case: declined with a long reason",
      render: () =>
        message(
          renderOutcomeReply(
            worstRequest({ status: "DECLINED", decidedBy: CHECKER, decisionReason: LONG_REASON }),
            waiver,
          ),
        ),
    },
    {
      title: "Worst case: failed with a long response body",
      render: () => message(renderOutcomeReply(worstFailed(), waiver)),
    },
    {
      title: "Slack has not taken the checker's message yet",
      render: () => message(renderDeliveryDelayedNotice(inStatus.PENDING())),
    },
    {
      title: "The workflow that filed the request did not get its outcome",
      render: () =>
        message(
          renderStepNotCompletedNotice(inStatus.FINISHED(), "execution_not_in_running_state"),
        ),
    },
    {
      title: "A checker went away: their delegate decides",
      render: () =>
        message(
          renderReroutedNotice(
            request({ checkerIds: [DELEGATE], onBehalfOf: { [DELEGATE]: CHECKER } }),
            CHECKER,
          ),
        ),
    },
    {
      title: "A reviewer flagged the break-glass use",
      render: () =>
        message(
          renderFlaggedNotice(
            brokenGlass({
              reviewVerdict: "FLAGGED",
              reviewedBy: OTHER_CHECKER,
              reviewNote: "Not an emergency: the launch was next week.",
            }),
            accountChange,
          ),
        ),
    },
  ],
};

const twoCheckers = (status: Status) => ({
  ...inStatus[status](),
  checkerIds: [CHECKER, OTHER_CHECKER],
});

export const checkerNotices: ScreenGroup = {
  title: "Notices to the checkers",
  about:
    "Replies under a checker's card (they notify): reminders and nudges with Approve / Decline, and what the other checkers decided.",
  screens: [
    {
      title: "The maker nudges",
      render: () =>
        message(renderReminderReply(inStatus.PENDING(), waiver, { nudgedBy: MAKER }, NOW)),
    },
    {
      title: "Reminder 2 of 3",
      render: () =>
        message(renderReminderReply(inStatus.PENDING(), waiver, { reminder: 2, of: 3 }, NOW)),
    },
    {
      title: "Another checker approved: 1 of 2, still needed",
      render: () => message(renderDecisionNotice(halfApproved(), OTHER_CHECKER)),
    },
    {
      title: "Another checker approved: nothing left to do",
      render: () => message(renderDecisionNotice(twoCheckers("APPROVED"), OTHER_CHECKER)),
    },
    {
      title: "Another checker declined",
      render: () => message(renderDecisionNotice(twoCheckers("DECLINED"), OTHER_CHECKER)),
    },
    {
      title: "The maker cancelled",
      render: () => message(renderDecisionNotice(twoCheckers("CANCELLED"), MAKER)),
    },
    {
      title: "Expired",
      render: () => message(renderDecisionNotice(twoCheckers("EXPIRED"), "system")),
    },
    {
      title: "A run they approved was interrupted",
      render: () => message(renderInterruptedNotice(inStatus.FAILED(), waiver)),
    },
  ],
};

export const deliveryNotices: ScreenGroup = {
  title: "Delivery notices",
  about:
    "Posted to the maker when Slack refuses a checker's message for good, and when it gets through after all.",
  screens: [
    {
      title: "A checker could not be reached",
      render: () =>
        message(
          renderUnreachedNotice(inStatus.PENDING(), {
            checkerId: CHECKER,
            error: "user_disabled",
            attempts: 1,
          }),
        ),
    },
    {
      title: "A checker could not be reached, for an unknown reason",
      render: () =>
        message(
          renderUnreachedNotice(halfApproved(), {
            checkerId: CHECKER,
            error: "fatal_error",
            attempts: 8,
          }),
        ),
    },
    {
      title: "The checker was reached after all",
      render: () => message(renderReachedNotice(inStatus.PENDING(), CHECKER)),
    },
  ],
};

const auditLine = (title: string, drawn: () => { text: string }): ScreenEntry => ({
  title,
  render: () => message(drawn()),
});

export const auditChannel: ScreenGroup = {
  title: "The audit channel line",
  about:
    "One line per closed request in the audit channel; sensitive values masked, failures by headline only.",
  screens: [
    auditLine("Done", () => renderAuditLine(inStatus.FINISHED(), waiver)),
    auditLine("Done, two approvals", () =>
      renderAuditLine(
        { ...halfApproved(), status: "FINISHED", approvedBy: [OTHER_CHECKER, CHECKER] },
        restore,
      ),
    ),
    auditLine("Failed", () => renderAuditLine(inStatus.FAILED(), waiver)),
    auditLine("Declined", () => renderAuditLine(inStatus.DECLINED(), waiver)),
    auditLine("Expired", () => renderAuditLine(inStatus.EXPIRED(), waiver)),
    auditLine("Break glass", () => renderAuditLine(brokenGlass(), accountChange)),
    auditLine("Worst case: failed with a long response body", () =>
      renderAuditLine(worstFailed(), waiver),
    ),
    {
      title: "Hourly checkpoint (with audit sinks)",
      render: () =>
        message(
          renderCheckpointNotice({
            version: 1,
            seq: 1234,
            hash: "3f".repeat(32),
            at: NOW.toISOString(),
            keyId: "5a1c".repeat(4),
            signature: "9e".repeat(32),
          }),
        ),
    },
  ],
};

export const NOTICE_GROUPS = [outcomeNotices, checkerNotices, deliveryNotices, auditChannel];
