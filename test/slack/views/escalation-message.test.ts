import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION } from "../../../src/slack/ids.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { renderEscalationMessage } from "../../../src/slack/views/escalation-message.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  inStatus,
  MAKER,
  overLimits,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();
const reminded = new Date("2026-03-02T22:00:00.000Z");
const escalated = new Date("2026-03-03T02:00:00.000Z");
const stale = request({
  remindersSent: 3,
  lastRemindedAt: reminded,
  escalatedAt: escalated,
  escalatedTo: ["C0LEADS", "U0LEAD"],
});

describe("renderEscalationMessage", () => {
  it("asks the escalation contacts to get the checker to decide, with the decision buttons", () => {
    const { text, blocks } = renderEscalationMessage({ request: stale, action: waiver });
    expect(text).toBe(`Escalated: #12 Billing waiver is waiting for a decision from <@${CHECKER}>`);
    expect(blocks[0]).toMatchObject({ text: { text: "Escalated: request #12: Billing waiver" } });
    const shown = visibleText(blocks);
    expect(shown).toContain(
      `:mega: <@${MAKER}> asked for *Billing waiver: invoice ID in_123, amount $250.00* for Acme Corp in Production <!date^1772460000^{date_short_pretty} at {time}|2026-03-02 14:00 UTC> and nobody has decided yet.`,
    );
    expect(shown).toContain("only the designated checkers can approve or decline");
    expect(shown).toContain(
      ":bell: Reminded 3 times (last <!date^1772488800^{date_short_pretty} at {time}|2026-03-02 22:00 UTC>) · :mega: Escalated to <#C0LEADS>, <@U0LEAD> <!date^1772503200^{date_short_pretty} at {time}|2026-03-03 02:00 UTC>",
    );
    // Its readers are not the checkers: sensitive values stay masked.
    expect(shown).toContain(MASK);
    expect(shown).not.toContain("4242");
    expect(buttonActionIds(blocks)).toEqual([ACTION.approve, ACTION.decline]);
    expect(overLimits(blocks)).toEqual([]);
    expect(validateBlocks(blocks, "message")).toEqual([]);
    // The confirm dialog is in the channel's payload too: masked there as well.
    expect(JSON.stringify(blocks)).not.toContain("4242");
  });

  it("once settled, says so and drops the buttons", () => {
    const settled = { ...inStatus.EXPIRED(), escalatedAt: escalated, escalatedTo: ["C0LEADS"] };
    const { text, blocks } = renderEscalationMessage({ request: settled, action: waiver });
    expect(text).toContain("Escalated #12 Billing waiver:");
    expect(visibleText(blocks)).toContain("and has been settled since.");
    expect(visibleText(blocks)).toContain(":alarm_clock: *Expired*");
    expect(buttonActionIds(blocks)).toEqual([]);
  });
});

describe("reminders on the request's own messages", () => {
  it("the checker's and the maker's message say how often it was reminded", () => {
    const once = request({ remindersSent: 1, lastRemindedAt: reminded });
    const checker = renderCheckerMessage({ request: once, action: waiver, checkerId: CHECKER });
    expect(visibleText(checker.blocks)).toContain(
      ":bell: Reminded once (last <!date^1772488800^{date_short_pretty} at {time}|2026-03-02 22:00 UTC>)",
    );
    expect(buttonActionIds(checker.blocks)).toEqual([ACTION.approve, ACTION.decline]);
    const maker = renderMakerMessage({ request: once, action: waiver });
    expect(visibleText(maker.blocks)).toContain("Reminded once");
    expect(
      visibleText(renderMakerMessage({ request: request(), action: waiver }).blocks),
    ).not.toContain("Reminded");
  });
});
