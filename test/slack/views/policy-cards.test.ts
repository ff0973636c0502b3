import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION, CALLBACK, HOME_ACTION, HOME_BLOCK } from "../../../src/slack/ids.ts";
import { renderBreakGlassAlert } from "../../../src/slack/views/break-glass-alert.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { renderDelegationModal } from "../../../src/slack/views/delegation-modal.ts";
import { renderFlagModal } from "../../../src/slack/views/flag-modal.ts";
import { renderHome } from "../../../src/slack/views/home-view.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { validateBlocks, validateView } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  MAKER,
  OTHER_CHECKER,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();
const ran = new Date("2026-03-02T14:01:00.000Z");
const brokenGlass = request({
  status: "FINISHED",
  checkerIds: [CHECKER, OTHER_CHECKER],
  decidedBy: MAKER,
  decidedAt: ran,
  executedAt: ran,
  breakGlassReason: "Customers double-billed <right now>",
});

describe("the break-glass alert", () => {
  it("says who ran what without a checker and why, with Acknowledge and Flag", () => {
    const { text, blocks } = renderBreakGlassAlert({
      request: brokenGlass,
      action: waiver,
      reveal: true,
    });
    expect(text).toBe(
      `Break glass: <@${MAKER}> ran #12 Billing waiver in Production without a checker`,
    );
    const shown = visibleText(blocks);
    expect(shown).toContain("Customers double-billed &lt;right now&gt;");
    expect(shown).toContain(`:mag: Waiting for review by <@${CHECKER}> or <@${OTHER_CHECKER}>`);
    expect(shown).toContain(`by breaking the glass (<@${MAKER}>)`);
    expect(buttonActionIds(blocks)).toEqual([ACTION.acknowledge, ACTION.flag]);
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("masks sensitive values for the audit channel, and loses its buttons once reviewed", () => {
    const reviewed = {
      ...brokenGlass,
      reviewVerdict: "FLAGGED" as const,
      reviewedBy: OTHER_CHECKER,
      reviewedAt: ran,
      reviewNote: "Could have waited",
    };
    const { blocks } = renderBreakGlassAlert({ request: reviewed, action: waiver, reveal: false });
    const shown = visibleText(blocks);
    expect(shown).toContain(MASK);
    expect(shown).not.toContain("4242");
    expect(shown).toContain(
      `:triangular_flag_on_post: Flagged by <@${OTHER_CHECKER}> <!date^1772460060^{date_short_pretty} at {time}|2026-03-02 14:01 UTC>: Could have waited`,
    );
    expect(buttonActionIds(blocks)).toEqual([]);
  });

  it("when two reviews are needed, says so, and after the first keeps the buttons for the second", () => {
    const twoLooks = { ...brokenGlass, reviewsRequired: 2 };
    const before = visibleText(
      renderBreakGlassAlert({ request: twoLooks, action: waiver, reveal: true }).blocks,
    );
    expect(before).toContain(
      `:mag: Waiting for two reviews by <@${CHECKER}> or <@${OTHER_CHECKER}>`,
    );
    const firstLook = { ...twoLooks, reviewedBy: CHECKER, reviewedAt: ran };
    const { blocks } = renderBreakGlassAlert({ request: firstLook, action: waiver, reveal: true });
    expect(visibleText(blocks)).toContain(
      `:mag: Acknowledged by <@${CHECKER}> <!date^1772460060^{date_short_pretty} at {time}|2026-03-02 14:01 UTC>; waiting for a second look by <@${OTHER_CHECKER}>`,
    );
    expect(buttonActionIds(blocks)).toEqual([ACTION.acknowledge, ACTION.flag]);
  });

  it("the flag form asks what looks wrong and carries the request id", () => {
    const view = renderFlagModal(brokenGlass, waiver);
    expect(view).toMatchObject({
      callback_id: CALLBACK.flagModal,
      private_metadata: brokenGlass.id,
    });
    expect(validateView(view)).toEqual([]);
  });
});

describe("cards under delegation", () => {
  const routed = request({ checkerIds: [OTHER_CHECKER], onBehalfOf: { [OTHER_CHECKER]: CHECKER } });

  it("the delegate is asked on the away checker's behalf", () => {
    const { blocks } = renderCheckerMessage({
      request: routed,
      action: waiver,
      checkerId: OTHER_CHECKER,
    });
    expect(visibleText(blocks)).toContain(
      `for Acme Corp in Production (for <@${CHECKER}>, who is away).`,
    );
    expect(buttonActionIds(blocks)).toEqual([ACTION.approve, ACTION.decline]);
  });

  it("the away checker's card says who decides instead, without buttons", () => {
    const { blocks } = renderCheckerMessage({
      request: routed,
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(blocks)).toContain(
      `while you are away, <@${OTHER_CHECKER}> decides instead.`,
    );
    expect(buttonActionIds(blocks)).toEqual([]);
  });

  it("the maker sees who decides, and for whom", () => {
    const { blocks } = renderMakerMessage({ request: routed, action: waiver });
    expect(visibleText(blocks)).toContain(
      `:hourglass_flowing_sand: *Waiting for approval* from <@${OTHER_CHECKER}> (for <@${CHECKER}>, away)`,
    );
  });
});

describe("the Home's away section", () => {
  const now = new Date("2026-03-02T14:00:00.000Z");
  const home = (delegation: Parameters<typeof renderHome>[0]["delegation"]) =>
    renderHome({
      viewerId: CHECKER,
      now,
      actions: [waiver],
      environments: ["Production"],
      waiting: { requests: [], total: 0 },
      mine: { requests: [], total: 0 },
      all: { requests: [], hasNewer: false, hasOlder: false },
      state: { filter: {}, cursor: {} },
      delegation,
    });
  const away = (block: { block_id?: string }) => block.block_id === HOME_BLOCK.away;

  it("offers a delegate when none is set, and says where approvals go when one is", () => {
    const none = home(null);
    expect(none.blocks.find(away)).toMatchObject({
      accessory: { action_id: HOME_ACTION.setDelegate },
    });
    const set = home({
      id: "d1",
      checkerId: CHECKER,
      delegateId: OTHER_CHECKER,
      startsAt: now,
      endsAt: new Date("2026-03-05T09:00:00.000Z"),
      endedAt: null,
      activatedAt: now,
      createdAt: now,
    });
    const block = set.blocks.find(away);
    expect(JSON.stringify(block)).toContain(
      `You are away until <!date^1772701200^{date_short_pretty} at {time}|2026-03-05 09:00 UTC>: the requests you are asked to approve go to <@${OTHER_CHECKER}>.`,
    );
    expect(block).toMatchObject({
      accessory: { action_id: HOME_ACTION.endDelegation, text: { text: "I'm back" } },
    });
    expect(validateView(set)).toEqual([]);
    expect(validateView(none)).toEqual([]);
  });

  it("the form has a delegate, an optional start and an end a day ahead", () => {
    const view = renderDelegationModal(new Date("2026-03-02T14:00:00.000Z"));
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('"initial_date_time":1772546400');
  });
});
