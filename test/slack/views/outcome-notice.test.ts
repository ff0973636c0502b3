import { describe, expect, it } from "vitest";
import {
  renderDecisionNotice,
  renderDeliveryDelayedNotice,
  renderInterruptedNotice,
  renderOutcomeNotice,
  renderReminderNotice,
} from "../../../src/slack/views/outcome-notice.ts";
import { action, CHECKER, inStatus, MAKER, OTHER_CHECKER, request } from "./fixtures.ts";

const waiver = action();

describe("renderOutcomeNotice", () => {
  it("tells the maker how the request ended", () => {
    expect(renderOutcomeNotice(inStatus.FINISHED(), waiver).text).toMatch(
      /^:tada: #12 Billing waiver finished: .*in_123/,
    );
    expect(renderOutcomeNotice(inStatus.FAILED(), waiver).text).toBe(
      ":x: #12 Billing waiver failed: Billing answered 503",
    );
    expect(renderOutcomeNotice(inStatus.DECLINED(), waiver).text).toBe(
      `:no_entry: #12 Billing waiver was declined by <@${CHECKER}>: Above the refund policy`,
    );
    expect(renderOutcomeNotice(inStatus.EXPIRED(), waiver).text).toMatch(/#12 .*expired/);
  });

  it("keeps the notification short but the message complete", () => {
    const long = { ...inStatus.DECLINED(), decisionReason: "r".repeat(5000) };
    const notice = renderOutcomeNotice(long, waiver);
    expect(notice.text.length).toBeLessThanOrEqual(300);
    const section = notice.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text.length).toBeGreaterThan(2000);
  });
});

describe("renderDecisionNotice", () => {
  it("tells the other checkers whether they still need to act", () => {
    expect(renderDecisionNotice(inStatus.APPROVED(), CHECKER).text).toBe(
      `<@${CHECKER}> approved #12; no action needed from you.`,
    );
    expect(renderDecisionNotice(inStatus.DECLINED(), CHECKER).text).toBe(
      `<@${CHECKER}> declined #12; no action needed from you.`,
    );
    const halfway = request({
      approvalsRequired: 2,
      checkerIds: [CHECKER, OTHER_CHECKER],
      approvedBy: [CHECKER],
    });
    expect(renderDecisionNotice(halfway, CHECKER).text).toBe(
      `<@${CHECKER}> approved #12 (1 of 2 approvals); it still needs 1 more.`,
    );
  });
});

describe("other notices", () => {
  it("nudges the checker on the maker's behalf", () => {
    expect(renderReminderNotice(inStatus.PENDING(), undefined, { nudgedBy: MAKER }).text).toBe(
      `:wave: <@${MAKER}> is waiting for your decision on #12 (billing-waiver for Acme Corp in production).`,
    );
  });

  it("counts the bot's reminders and says since when the request waits", () => {
    const notice = renderReminderNotice(inStatus.PENDING(), undefined, { reminder: 2, of: 3 });
    expect(notice.text).toBe(
      ":bell: Reminder 2 of 3: #12 (billing-waiver for Acme Corp in production) has waited for your decision since 2026-03-02 14:00 UTC.",
    );
    expect(JSON.stringify(notice.blocks)).toContain(
      "Approve or decline it on the request message.",
    );
  });

  it("warns the approvers of an interrupted run to check the target system", () => {
    const notice = renderInterruptedNotice(inStatus.FAILED(), undefined);
    expect(notice.text).toContain("was interrupted while it ran; check the target system");
  });

  it("tells the maker their request is saved while delivery is delayed", () => {
    const notice = renderDeliveryDelayedNotice(inStatus.PENDING());
    expect(notice.text).toContain("#12");
    expect(JSON.stringify(notice.blocks)).toContain("Your request is saved and still pending.");
  });
});
