import { describe, expect, it } from "vitest";
import { BLOCK, CALLBACK } from "../../../src/slack/ids.ts";
import {
  closestActionIds,
  renderActionsHelp,
  renderUnknownActionReply,
} from "../../../src/slack/views/actions-help.ts";
import { renderAuditLine } from "../../../src/slack/views/audit-line.ts";
import { renderDeclineModal } from "../../../src/slack/views/decline-modal.ts";
import { action, CHECKER, inStatus, MAKER, REQUEST_ID, visibleText } from "./fixtures.ts";

const waiver = action();
const trial = action({ id: "extend-trial", title: "Extend a trial", approvals: 2 });

describe("renderDeclineModal", () => {
  it("asks for a required reason and carries the request id", () => {
    const view = renderDeclineModal(inStatus.PENDING(), waiver);
    expect(view).toMatchObject({
      callback_id: CALLBACK.declineModal,
      title: { text: "Decline #12" },
      submit: { text: "Decline" },
      private_metadata: REQUEST_ID,
    });
    const reason = view.blocks.find((b) => b.block_id === BLOCK.reason);
    expect(reason).toMatchObject({
      type: "input",
      element: { type: "plain_text_input", multiline: true, max_length: 3000 },
    });
    expect(reason).not.toHaveProperty("optional");
    expect(visibleText(view.blocks)).toContain("Billing waiver");
  });
});

describe("renderActionsHelp", () => {
  it("lists each action with its id, title, description and approvals", () => {
    const { text, blocks } = renderActionsHelp([waiver, trial]);
    expect(text).toContain("Type `/request <id>` to start one.");
    const shown = visibleText(blocks);
    for (const part of [
      "`billing-waiver`",
      "*Billing waiver*",
      "Waive a customer",
      "needs 2 approvals",
    ]) {
      expect(shown).toContain(part);
    }
  });

  it("explains when nothing is available", () => {
    expect(renderActionsHelp([]).text).toContain("No actions are available to you");
  });

  it("fits 200 actions in one message", () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      action({ id: `action-${i}`, title: `Action ${i}`, description: "d".repeat(400) }),
    );
    expect(renderActionsHelp(many).blocks.length).toBeLessThanOrEqual(50);
  });
});

describe("renderUnknownActionReply", () => {
  it("suggests the closest ids", () => {
    expect(closestActionIds("biling", [waiver, trial])).toEqual(["billing-waiver"]);
    expect(closestActionIds("extnd-trial", [waiver, trial])).toEqual(["extend-trial"]);
    expect(closestActionIds("trial", [waiver, trial])).toEqual(["extend-trial"]);
    expect(closestActionIds("zz", [waiver, trial])).toEqual([]);
    const reply = renderUnknownActionReply("biling", [waiver, trial]);
    expect(reply.text).toContain("Did you mean `billing-waiver`?");
  });

  it("never echoes markup back", () => {
    expect(renderUnknownActionReply("<!here>", []).text).toContain("&lt;!here&gt;");
  });
});

describe("renderAuditLine", () => {
  it("writes one line per closed request", () => {
    expect(renderAuditLine(inStatus.FINISHED(), waiver).text).toBe(
      `#12 Billing waiver (Production, Acme Corp) by <@${MAKER}>, approved by <@${CHECKER}>: :white_check_mark: Done at 2026-03-02 14:06 UTC`,
    );
    expect(renderAuditLine(inStatus.EXPIRED(), waiver).text).toBe(
      `#12 Billing waiver (Production, Acme Corp) by <@${MAKER}>: :alarm_clock: Expired at 2026-03-02 14:05 UTC`,
    );
  });
});
