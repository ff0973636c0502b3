import type { HomeView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { parseHomeState } from "../../../src/slack/forms/home-form.ts";
import { HOME_ACTION, HOME_BLOCK } from "../../../src/slack/ids.ts";
import { inStatus } from "./fixtures.ts";
import { block, element, elements, type Json, numbered, render, text } from "./home-kit.ts";

describe("renderHome: order, counts and paging text", () => {
  const full = (n: number, from: number) => Array.from({ length: n }, (_, i) => numbered(from - i));

  it('puts "New request" first, then the queue, then the delegation box', () => {
    const view = render({ waiting: { requests: [inStatus.PENDING()], total: 1 } });
    const ids = view.blocks.map((b) => b.block_id ?? b.type);
    expect(ids.slice(0, 3)).toEqual([HOME_BLOCK.newRequest, HOME_BLOCK.intro, HOME_BLOCK.waiting]);
    expect(ids.indexOf(HOME_BLOCK.away)).toBeGreaterThan(ids.indexOf("row:waiting:12:buttons"));
    expect(ids.indexOf(HOME_BLOCK.away)).toBeLessThan(ids.indexOf(HOME_BLOCK.mine));
    expect(block(view, HOME_BLOCK.newRequest)).toMatchObject({
      elements: [
        { action_id: HOME_ACTION.newRequest, text: { text: "New request" }, style: "primary" },
      ],
    });
    // Someone who may ask for nothing is not offered the form.
    const none = render({ requestable: [] });
    expect(none.blocks.some((b) => b.block_id === HOME_BLOCK.newRequest)).toBe(false);
  });

  it("counts each list in its header", () => {
    const view = render({
      waiting: { requests: full(3, 30), total: 3 },
      mine: { requests: full(5, 20), total: 12 },
      all: { requests: full(20, 57), hasNewer: false, hasOlder: true },
      allCount: { total: 57, before: 0 },
    });
    const headers = view.blocks
      .filter((b) => b.type === "header")
      .map((b) => text(b as unknown as Json));
    expect(headers).toEqual(["Waiting on you (3)", "Your requests (12)", "All requests (57)"]);
  });

  it('says which rows of how many: "1–20 of 57", "21–40 of 57", "41–57 of 57"', () => {
    const first = render({
      all: { requests: full(20, 57), hasNewer: false, hasOlder: true },
      allCount: { total: 57, before: 0 },
    });
    expect(text(block(first, HOME_BLOCK.allCount))).toBe("1–20 of 57");
    expect(block(first, HOME_BLOCK.paging)).toMatchObject({
      elements: [
        { action_id: HOME_ACTION.olderPage, accessibility_label: "Show requests 21–40 of 57" },
      ],
    });
    const second = render({
      all: { requests: full(20, 37), hasNewer: true, hasOlder: true },
      allCount: { total: 57, before: 20 },
    });
    expect(text(block(second, HOME_BLOCK.allCount))).toBe("21–40 of 57");
    expect(block(second, HOME_BLOCK.paging)).toMatchObject({
      elements: [
        { action_id: HOME_ACTION.newerPage, accessibility_label: "Show requests 1–20 of 57" },
        { action_id: HOME_ACTION.olderPage, accessibility_label: "Show requests 41–57 of 57" },
      ],
    });
    const last = render({
      all: { requests: full(17, 17), hasNewer: true, hasOlder: false },
      allCount: { total: 57, before: 40 },
    });
    expect(text(block(last, HOME_BLOCK.allCount))).toBe("41–57 of 57");
    const one = render({
      all: { requests: full(1, 1), hasNewer: false, hasOlder: false },
      allCount: { total: 1, before: 0 },
    });
    expect(text(block(one, HOME_BLOCK.allCount))).toBe("1 of 1");
  });

  it("labels every repeated button for screen readers with its request", () => {
    const view = render({
      waiting: { requests: [inStatus.PENDING()], total: 1 },
      all: { requests: [numbered(7)], hasNewer: false, hasOlder: false },
    });
    expect(block(view, "row:waiting:12").accessory).toMatchObject({
      accessibility_label: "Details of request #12",
    });
    expect(block(view, "row:all:7").accessory).toMatchObject({
      accessibility_label: "Details of request #7",
    });
    expect(block(view, "row:waiting:12:buttons")).toMatchObject({
      elements: [
        { accessibility_label: "Approve, request #12" },
        { accessibility_label: "Decline, request #12" },
      ],
    });
  });
});

describe("renderHome: the date range", () => {
  it("offers two datepickers, empty at first, showing the chosen days after", () => {
    const empty = render();
    expect(element(empty, HOME_ACTION.filterFrom)).toMatchObject({ type: "datepicker" });
    expect(element(empty, HOME_ACTION.filterFrom)).not.toHaveProperty("initial_date");
    expect(element(empty, HOME_ACTION.filterTo)).not.toHaveProperty("initial_date");
    const range = { createdFrom: "2026-03-01", createdTo: "2026-03-02" };
    const view = render({ state: { filter: range, cursor: {} } });
    expect(element(view, HOME_ACTION.filterFrom)).toMatchObject({ initial_date: "2026-03-01" });
    expect(element(view, HOME_ACTION.filterTo)).toMatchObject({ initial_date: "2026-03-02" });
    expect(elements(view).has(HOME_ACTION.clearFilters)).toBe(true);
    // The range is kept in the state, so it survives paging.
    expect(parseHomeState(view.private_metadata).filter).toEqual(range);
    // Clearing gives the datepickers a new block id: Slack forgets what was picked.
    const dates = (v: HomeView) =>
      v.blocks.find((b) => b.block_id?.startsWith(`${HOME_BLOCK.dates}:`))?.block_id;
    expect(dates(view)).not.toBe(dates(empty));
  });

  it("says clearly when the first day is after the last, keeping the other filters", () => {
    const filter = {
      status: "DECLINED" as const,
      createdFrom: "2026-03-05",
      createdTo: "2026-03-01",
    };
    const view = render({
      state: { filter, cursor: {} },
      all: { requests: [], hasNewer: false, hasOlder: false },
      allCount: { total: 0, before: 0 },
    });
    expect(text(block(view, HOME_BLOCK.allEmpty))).toBe(
      ":warning: The first day (2026-03-05) is after the last day (2026-03-01), so no request can match. Pick the days the other way round; your other filters are kept.",
    );
    expect(element(view, HOME_ACTION.filterStatus)).toMatchObject({
      initial_option: { value: "DECLINED" },
    });
    expect(parseHomeState(view.private_metadata).filter).toEqual(filter);
  });
});
