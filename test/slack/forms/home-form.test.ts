import { describe, expect, it } from "vitest";
import {
  ANY,
  applyFilterChange,
  EMPTY_HOME_STATE,
  encodeHomeState,
  FIRST_PAGE,
  filterChange,
  type HomeState,
  hasFilter,
  pageCursor,
  parseHomeState,
} from "../../../src/slack/forms/home-form.ts";
import { HOME_ACTION } from "../../../src/slack/ids.ts";
import { CHECKER, MAKER } from "../views/fixtures.ts";

const full: HomeState = {
  filter: {
    environment: "production",
    team: "Acme Corp",
    makerId: MAKER,
    checkerId: CHECKER,
    actionId: "billing-waiver",
    status: "DECLINED",
    breakGlass: true,
    createdFrom: "2026-03-01",
    createdTo: "2026-03-31",
  },
  cursor: { olderThan: 40 },
};

/** A static or external select as Slack sends it in block_actions. */
function selected(type: "static_select" | "external_select", value: string | null) {
  return {
    type,
    action_id: "ignored",
    block_id: "home_filters:abc",
    action_ts: "1700000000.000100",
    selected_option:
      value === null ? null : { text: { type: "plain_text", text: value, emoji: true }, value },
  };
}

function userPicked(user: string | null) {
  return {
    type: "users_select",
    action_id: "ignored",
    block_id: "home_filters_more:abc",
    action_ts: "1700000000.000100",
    selected_user: user,
  };
}

describe("HomeState in private_metadata", () => {
  it("round-trips every filter and the page", () => {
    expect(parseHomeState(encodeHomeState(full))).toEqual(full);
    expect(parseHomeState(encodeHomeState({ filter: {}, cursor: { newerThan: 3 } }))).toEqual({
      filter: {},
      cursor: { newerThan: 3 },
    });
    expect(parseHomeState(encodeHomeState(EMPTY_HOME_STATE))).toEqual(EMPTY_HOME_STATE);
  });

  it("falls back to no filter and the first page when the metadata is malformed", () => {
    for (const text of [
      undefined,
      "",
      "not json",
      "null",
      "[]",
      '"text"',
      '{"filter":{"status":"MAYBE"}}',
      '{"filter":{"makerId":"<!channel>"}}',
      '{"filter":{"team":5}}',
      `{"filter":{"team":"${"t".repeat(201)}"}}`,
      '{"cursor":{"olderThan":-1}}',
      '{"cursor":{"olderThan":1.5}}',
      '{"cursor":{"newerThan":"12"}}',
    ]) {
      expect(parseHomeState(text), String(text)).toEqual({ filter: {}, cursor: {} });
    }
  });

  it("trims values, treats blank ones as unset and ignores unknown keys", () => {
    expect(
      parseHomeState(
        JSON.stringify({
          filter: { team: "  Acme  ", environment: "   ", extra: "x" },
          cursor: { olderThan: 9 },
          more: true,
        }),
      ),
    ).toEqual({ filter: { team: "Acme" }, cursor: { olderThan: 9 } });
  });

  it("always fits Slack's 3000 characters, cutting over-long filter values", () => {
    const huge: HomeState = {
      filter: {
        environment: "e".repeat(5000),
        team: '"\\'.repeat(5000),
        actionId: "\u0001".repeat(5000),
        makerId: MAKER,
        checkerId: CHECKER,
        status: "PENDING",
      },
      cursor: { olderThan: Number.MAX_SAFE_INTEGER },
    };
    const text = encodeHomeState(huge);
    expect(text.length).toBeLessThanOrEqual(3000);
    const back = parseHomeState(text);
    expect(back.filter.environment).toBe("e".repeat(100));
    expect(back.filter.team?.length).toBeLessThanOrEqual(200);
    expect(back.filter.team?.startsWith('"\\"\\')).toBe(true);
    expect(back.filter.makerId).toBe(MAKER);
    expect(back.filter.status).toBe("PENDING");
    expect(back.cursor).toEqual({ olderThan: Number.MAX_SAFE_INTEGER });
  });

  it("drops values that could never be valid instead of failing", () => {
    const text = encodeHomeState({
      filter: { makerId: "not a user", team: "  ", environment: "staging" },
      cursor: { olderThan: 0, newerThan: 2.5 },
    } as HomeState);
    expect(parseHomeState(text)).toEqual({ filter: { environment: "staging" }, cursor: {} });
  });

  it("knows whether any filter is set", () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ team: undefined })).toBe(false);
    expect(hasFilter({ status: "FAILED" })).toBe(true);
  });
});

describe("filterChange", () => {
  it("reads each filter select as Slack sends it", () => {
    expect(
      filterChange(HOME_ACTION.filterEnvironment, selected("static_select", "production")),
    ).toEqual({ key: "environment", value: "production" });
    expect(filterChange(HOME_ACTION.filterTeam, selected("external_select", "Acme Corp"))).toEqual({
      key: "team",
      value: "Acme Corp",
    });
    expect(
      filterChange(HOME_ACTION.filterAction, selected("static_select", "billing-waiver")),
    ).toEqual({ key: "actionId", value: "billing-waiver" });
    expect(
      filterChange(HOME_ACTION.filterAction, selected("external_select", "billing-waiver")),
    ).toEqual({ key: "actionId", value: "billing-waiver" });
    expect(filterChange(HOME_ACTION.filterStatus, selected("static_select", "EXPIRED"))).toEqual({
      key: "status",
      value: "EXPIRED",
    });
    expect(filterChange(HOME_ACTION.filterMaker, userPicked(MAKER))).toEqual({
      key: "makerId",
      value: MAKER,
    });
    expect(filterChange(HOME_ACTION.filterChecker, userPicked(CHECKER))).toEqual({
      key: "checkerId",
      value: CHECKER,
    });
  });

  it('clears the filter for "any", a cleared select or no user', () => {
    expect(filterChange(HOME_ACTION.filterEnvironment, selected("static_select", ANY))).toEqual({
      key: "environment",
      value: undefined,
    });
    expect(filterChange(HOME_ACTION.filterTeam, selected("external_select", null))).toEqual({
      key: "team",
      value: undefined,
    });
    expect(filterChange(HOME_ACTION.filterStatus, { type: "static_select" })).toEqual({
      key: "status",
      value: undefined,
    });
    expect(filterChange(HOME_ACTION.filterMaker, userPicked(null))).toEqual({
      key: "makerId",
      value: undefined,
    });
  });

  it("refuses other actions, other element types and values no filter can hold", () => {
    expect(filterChange(HOME_ACTION.details, selected("static_select", "x"))).toBeNull();
    expect(filterChange("toString", selected("static_select", "x"))).toBeNull();
    expect(filterChange(HOME_ACTION.filterMaker, selected("static_select", MAKER))).toBeNull();
    expect(filterChange(HOME_ACTION.filterEnvironment, userPicked(MAKER))).toBeNull();
    expect(filterChange(HOME_ACTION.filterStatus, selected("static_select", "DONE"))).toBeNull();
    expect(filterChange(HOME_ACTION.filterMaker, userPicked("<!channel>"))).toBeNull();
    expect(
      filterChange(HOME_ACTION.filterTeam, selected("external_select", "t".repeat(201))),
    ).toBeNull();
    for (const junk of [null, undefined, "production", 42, [], { selected_option: {} }]) {
      expect(filterChange(HOME_ACTION.filterEnvironment, junk)).toBeNull();
    }
  });
});

describe("applyFilterChange", () => {
  it("sets or removes one filter and goes back to the first page", () => {
    const changed = applyFilterChange(full, { key: "team", value: "Globex" });
    expect(changed).toEqual({ filter: { ...full.filter, team: "Globex" }, cursor: {} });
    const removed = applyFilterChange(full, { key: "status", value: undefined });
    expect(removed.filter).not.toHaveProperty("status");
    expect(removed.cursor).toEqual({});
    expect(encodeHomeState(removed)).not.toContain("status");
  });

  it("keeps the filter as it was when the value is invalid", () => {
    expect(applyFilterChange(full, { key: "status", value: "SOMETIMES" })).toEqual({
      filter: full.filter,
      cursor: {},
    });
  });
});

describe("the break-glass toggle", () => {
  const toggle = (value: string) => ({
    type: "button",
    action_id: HOME_ACTION.filterBreakGlass,
    block_id: "home_filters_more:abc",
    action_ts: "1700000000.000100",
    value,
  });

  it("turns on and off, keeping the other filters", () => {
    const on = filterChange(HOME_ACTION.filterBreakGlass, toggle("on"));
    expect(on).toEqual({ key: "breakGlass", value: true });
    const shown = applyFilterChange({ filter: { status: "FINISHED" }, cursor: {} }, on ?? fail());
    expect(parseHomeState(encodeHomeState(shown)).filter).toEqual({
      status: "FINISHED",
      breakGlass: true,
    });
    const off = filterChange(HOME_ACTION.filterBreakGlass, toggle("off"));
    expect(applyFilterChange(shown, off ?? fail()).filter).toEqual({ status: "FINISHED" });
  });

  it("ignores a toggle with any other value, and a flag that is not true", () => {
    expect(filterChange(HOME_ACTION.filterBreakGlass, toggle("maybe"))).toBeNull();
    expect(parseHomeState(JSON.stringify({ filter: { breakGlass: "yes" } })).filter).toEqual({});
  });
});

function fail(): never {
  throw new Error("expected a filter change");
}

describe("pageCursor", () => {
  it("turns the paging buttons into cursors", () => {
    expect(pageCursor(HOME_ACTION.olderPage, "21")).toEqual({ olderThan: 21 });
    expect(pageCursor(HOME_ACTION.newerPage, "40")).toEqual({ newerThan: 40 });
    expect(pageCursor(HOME_ACTION.newerPage, FIRST_PAGE)).toEqual({});
  });

  it("refuses anything else", () => {
    expect(pageCursor(HOME_ACTION.details, "21")).toBeNull();
    expect(pageCursor(HOME_ACTION.olderPage, FIRST_PAGE)).toBeNull();
    for (const value of ["0", "-3", "1.5", "1e3", "", undefined, 21, "9".repeat(30)]) {
      expect(pageCursor(HOME_ACTION.olderPage, value), String(value)).toBeNull();
    }
  });
});
