import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION, BLOCK } from "../../../src/slack/ids.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  overLimits,
  REQUEST_ID,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();

describe("renderCheckerMessage", () => {
  it("asks a pending checker to decide, with Approve (confirmed) and Decline", () => {
    const { text, blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(text).toBe(`<@${MAKER}> asks you to approve #12 Billing waiver in production`);
    expect(blocks[0]).toMatchObject({
      type: "header",
      text: { text: "Request #12: Billing waiver" },
    });
    expect(visibleText(blocks)).toContain(`<@${MAKER}> asks you to approve`);
    const decision = blocks.find((b) => b.block_id === BLOCK.decision);
    expect(decision).toMatchObject({
      type: "actions",
      elements: [
        {
          action_id: ACTION.approve,
          style: "primary",
          value: REQUEST_ID,
          confirm: { text: { text: "Run Billing waiver in production?" } },
        },
        { action_id: ACTION.decline, style: "danger", value: REQUEST_ID },
      ],
    });
  });

  it("shows sensitive values in full: the checker decides on them", () => {
    const { blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(blocks)).toContain("4242");
    expect(visibleText(blocks)).not.toContain(MASK);
  });

  it.each([
    "APPROVED",
    "EXECUTING",
    "FINISHED",
    "FAILED",
    "DECLINED",
    "CANCELLED",
    "EXPIRED",
  ] as const)("drops the buttons once the request is %s", (status) => {
    const { text, blocks } = renderCheckerMessage({
      request: inStatus[status](),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(buttonActionIds(blocks)).toEqual([]);
    expect(text).toContain("#12 Billing waiver");
  });

  it("says who decided and when, with the result or the error", () => {
    const declined = renderCheckerMessage({
      request: inStatus.DECLINED(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(declined.blocks)).toContain(
      `:no_entry: *Declined* by <@${CHECKER}> at 2026-03-02 14:05 UTC: Above the refund policy`,
    );
    const finished = renderCheckerMessage({
      request: inStatus.FINISHED(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(finished.blocks)).toContain("*Result*");
    expect(visibleText(finished.blocks)).toContain("in_123");
    const failed = renderCheckerMessage({
      request: { ...inStatus.FAILED(), error: "e".repeat(10_000) },
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(failed.blocks)).toContain("*Error*");
    expect(overLimits(failed.blocks)).toEqual([]);
  });

  it("keeps the buttons for a checker who has not approved yet, not for one who has", () => {
    const halfway = request({
      approvalsRequired: 2,
      checkerIds: [CHECKER, OTHER_CHECKER],
      approvedBy: [CHECKER],
    });
    const done = renderCheckerMessage({ request: halfway, action: waiver, checkerId: CHECKER });
    expect(buttonActionIds(done.blocks)).toEqual([]);
    expect(visibleText(done.blocks)).toContain("1 of 2 approvals");
    const other = renderCheckerMessage({
      request: halfway,
      action: waiver,
      checkerId: OTHER_CHECKER,
    });
    expect(buttonActionIds(other.blocks)).toEqual([ACTION.approve, ACTION.decline]);
  });

  it("links a duplicate to its original", () => {
    const { blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      checkerId: CHECKER,
      duplicateOfNumber: 7,
    });
    expect(visibleText(blocks)).toContain("Duplicate of #7");
  });

  it("stays within a message's limits with 40 params and a long purpose", () => {
    const many = action({
      params: Array.from({ length: 40 }, (_, i) => ({
        name: `p${i}`,
        label: `Param ${i}`,
        type: "text" as const,
      })),
    });
    const params = Object.fromEntries(many.params.map((s) => [s.name, "v".repeat(300)]));
    const { blocks } = renderCheckerMessage({
      request: request({ params, purpose: "p".repeat(5000) }),
      action: many,
      checkerId: CHECKER,
    });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(overLimits(blocks)).toEqual([]);
    expect(buttonActionIds(blocks)).toEqual([ACTION.approve, ACTION.decline]);
  });
});
