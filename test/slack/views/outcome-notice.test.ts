import { describe, expect, it } from "vitest";
import {
  renderDecisionNotice,
  renderDeliveryDelayedNotice,
  renderInterruptedNotice,
} from "../../../src/slack/views/outcome-notice.ts";
import { CHECKER, inStatus, OTHER_CHECKER, request } from "./fixtures.ts";

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
