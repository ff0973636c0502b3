import { describe, expect, it } from "vitest";
import {
  applyFilterChange,
  encodeHomeState,
  filterChange,
  type HomeState,
  parseHomeState,
} from "../../../src/slack/forms/home-form.ts";
import { HOME_ACTION } from "../../../src/slack/ids.ts";

function fail(): never {
  throw new Error("expected a filter change");
}

describe("the date range", () => {
  const picked = (actionId: string, day: string | null) => ({
    type: "datepicker",
    action_id: actionId,
    block_id: "home_dates:abc",
    action_ts: "1700000000.000100",
    selected_date: day,
  });

  it("reads each datepicker, keeping the other filters, from the first page", () => {
    const from = filterChange(HOME_ACTION.filterFrom, picked(HOME_ACTION.filterFrom, "2026-03-01"));
    expect(from).toEqual({ key: "createdFrom", value: "2026-03-01" });
    const to = filterChange(HOME_ACTION.filterTo, picked(HOME_ACTION.filterTo, "2026-03-02"));
    expect(to).toEqual({ key: "createdTo", value: "2026-03-02" });
    const paged: HomeState = { filter: { status: "FAILED" }, cursor: { olderThan: 40 } };
    const after = applyFilterChange(applyFilterChange(paged, from ?? fail()), to ?? fail());
    expect(after).toEqual({
      filter: { status: "FAILED", createdFrom: "2026-03-01", createdTo: "2026-03-02" },
      cursor: {},
    });
    // A cleared datepicker removes its end of the range.
    const cleared = filterChange(HOME_ACTION.filterTo, picked(HOME_ACTION.filterTo, null));
    expect(applyFilterChange(after, cleared ?? fail()).filter).toEqual({
      status: "FAILED",
      createdFrom: "2026-03-01",
    });
  });

  it("keeps a first day after the last as chosen, so the Home can say what is wrong", () => {
    const state: HomeState = {
      filter: { team: "Acme", createdFrom: "2026-03-05", createdTo: "2026-03-01" },
      cursor: {},
    };
    expect(parseHomeState(encodeHomeState(state))).toEqual(state);
  });

  it("refuses days that are not real dates", () => {
    for (const day of ["2026-02-30", "2026-3-1", "yesterday", ""]) {
      expect(
        filterChange(HOME_ACTION.filterFrom, picked(HOME_ACTION.filterFrom, day)),
        day,
      ).toBeNull();
    }
    expect(
      parseHomeState(JSON.stringify({ filter: { createdFrom: "2026-13-01", team: "Acme" } }))
        .filter,
    ).toEqual({ team: "Acme" });
  });
});
