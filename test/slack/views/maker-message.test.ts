import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION, BLOCK } from "../../../src/slack/ids.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  inStatus,
  OTHER_CHECKER,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();
const templated = action({
  summary: "waive {amount} on {invoice_id} (card {card_last4})",
  outcome: { done: "Credit note {result.credit_note} issued for {invoice_id}" },
});

function sectionTexts(blocks: readonly { type: string }[]): string[] {
  return blocks.flatMap((b) => {
    const text = (b as { text?: { text: string } }).text?.text;
    return b.type === "section" && text ? [text] : [];
  });
}

describe("renderMakerMessage", () => {
  it("says what was asked and whom it waits for, with masked values and Cancel / Nudge", () => {
    const { text, blocks } = renderMakerMessage({ request: inStatus.PENDING(), action: templated });
    expect(text).toBe(`Request #12 is waiting for approval from <@${CHECKER}>`);
    expect(sectionTexts(blocks).slice(0, 2)).toEqual([
      `You asked for *waive $250.00 on in_123 (card ${MASK})* for Acme Corp in Production.`,
      `:hourglass_flowing_sand: *Waiting for approval* from <@${CHECKER}>`,
    ]);
    expect(visibleText(blocks)).not.toContain("4242");
    const controls = blocks.find((b) => b.block_id === BLOCK.makerControls);
    expect(controls).toMatchObject({
      elements: [
        { action_id: ACTION.cancel, confirm: { title: { text: "Cancel #12?" } } },
        { action_id: ACTION.nudge },
      ],
    });
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("counts approvals and says whom it still waits for when several must approve", () => {
    const { blocks } = renderMakerMessage({
      request: request({
        checkerIds: [CHECKER, OTHER_CHECKER, "U0THIRD"],
        approvalsRequired: 2,
        approvedBy: [CHECKER],
      }),
      action: waiver,
    });
    expect(sectionTexts(blocks)[1]).toBe(
      `:hourglass_flowing_sand: *Waiting for approval* from <@${OTHER_CHECKER}> or <@U0THIRD> (1 of 2 approvals in)`,
    );
  });

  it.each(["DECLINED", "FAILED", "CANCELLED", "EXPIRED"] as const)(
    "offers Duplicate once %s",
    (status) => {
      const { blocks } = renderMakerMessage({ request: inStatus[status](), action: waiver });
      expect(buttonActionIds(blocks)).toEqual([ACTION.duplicate]);
      expect(validateBlocks(blocks, "message")).toEqual([]);
    },
  );

  it.each(["APPROVED", "EXECUTING", "FINISHED"] as const)("has no buttons when %s", (status) => {
    const { blocks } = renderMakerMessage({ request: inStatus[status](), action: waiver });
    expect(buttonActionIds(blocks)).toEqual([]);
  });

  it("says what happened in one sentence, from the action's outcome when it has one", () => {
    const finished = renderMakerMessage({
      request: { ...inStatus.FINISHED(), result: { status: 200, body: { credit_note: "CN-9" } } },
      action: templated,
    });
    expect(visibleText(finished.blocks)).toContain("Done: Credit note CN-9 issued for in_123.");
    expect(visibleText(finished.blocks)).not.toContain("*Result*");
    expect(finished.text).toBe("#12 Billing waiver: :white_check_mark: Done");
    // A field the answer lacks: the plain sentence, never "undefined".
    const without = renderMakerMessage({ request: inStatus.FINISHED(), action: templated });
    expect(visibleText(without.blocks)).toContain(`Done: waive $250.00 on in_123 (card ${MASK}).`);
    const failed = renderMakerMessage({ request: inStatus.FAILED(), action: waiver });
    expect(visibleText(failed.blocks)).toContain("It failed: Billing answered 503.");
  });

  it("tells the maker they cancelled it themselves", () => {
    const { blocks } = renderMakerMessage({ request: inStatus.CANCELLED(), action: waiver });
    expect(sectionTexts(blocks)[1]).toMatch(/^:wastebasket: \*You cancelled it\* <!date\^/);
  });

  it("warns while the checker's message is delayed, and says what it resends", () => {
    const { blocks } = renderMakerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      deliveryDelayed: true,
      resendOf: { number: 4, status: "DECLINED", reason: "card 4242 is not theirs" },
    });
    const text = visibleText(blocks);
    expect(text).toContain(
      ":warning: Slack did not accept the message to the checker yet; it will be retried. Your request is saved and still pending.",
    );
    expect(text).toContain(`#12 · resend of #4, declined: “card ${MASK} is not theirs”`);
  });
});
