import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION, BLOCK } from "../../../src/slack/ids.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { action, buttonActionIds, CHECKER, inStatus, visibleText } from "./fixtures.ts";

const waiver = action();

describe("renderMakerMessage", () => {
  it("tells the maker who it went to, with masked previews and Cancel / Nudge", () => {
    const { text, blocks } = renderMakerMessage({ request: inStatus.PENDING(), action: waiver });
    expect(text).toBe(`Request #12 sent to <@${CHECKER}>`);
    expect(visibleText(blocks)).toContain(`Sent to <@${CHECKER}> for approval.`);
    expect(visibleText(blocks)).toContain(MASK);
    expect(visibleText(blocks)).not.toContain("4242");
    const controls = blocks.find((b) => b.block_id === BLOCK.makerControls);
    expect(controls).toMatchObject({
      elements: [
        { action_id: ACTION.cancel, confirm: { title: { text: "Cancel #12?" } } },
        { action_id: ACTION.nudge },
      ],
    });
  });

  it.each(["DECLINED", "FAILED", "CANCELLED", "EXPIRED"] as const)(
    "offers Duplicate once %s",
    (status) => {
      const { blocks } = renderMakerMessage({ request: inStatus[status](), action: waiver });
      expect(buttonActionIds(blocks)).toEqual([ACTION.duplicate]);
    },
  );

  it.each(["APPROVED", "EXECUTING", "FINISHED"] as const)("has no buttons when %s", (status) => {
    const { blocks } = renderMakerMessage({ request: inStatus[status](), action: waiver });
    expect(buttonActionIds(blocks)).toEqual([]);
  });

  it("shows the result or the error", () => {
    const finished = renderMakerMessage({ request: inStatus.FINISHED(), action: waiver });
    expect(visibleText(finished.blocks)).toContain("*Result*");
    expect(finished.text).toBe("#12 Billing waiver: :white_check_mark: Done");
    const failed = renderMakerMessage({ request: inStatus.FAILED(), action: waiver });
    expect(visibleText(failed.blocks)).toContain("Billing answered 503");
  });

  it("warns while the checker's message is delayed", () => {
    const { blocks } = renderMakerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      deliveryDelayed: true,
      duplicateOfNumber: 4,
    });
    const text = visibleText(blocks);
    expect(text).toContain(
      ":warning: Slack did not accept the message to the checker yet; it will be retried. Your request is saved and still pending.",
    );
    expect(text).toContain("Duplicate of #4");
  });
});
