import type { HomeView } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { ActionDefinition } from "../../../src/factory/types.ts";
import { REQUEST_STATUSES } from "../../../src/requests/status.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import {
  ANY,
  FIRST_PAGE,
  type HomeState,
  pageCursor,
  parseHomeState,
} from "../../../src/slack/forms/home-form.ts";
import { ACTION, HOME_ACTION, HOME_BLOCK, HOME_CALLBACK } from "../../../src/slack/ids.ts";
import {
  formatAge,
  HOME_LIMITS,
  type HomeViewInput,
  renderActionOptions,
  renderTeamOptions,
  teamOption,
} from "../../../src/slack/views/home-view.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  REQUEST_ID,
  request,
} from "./fixtures.ts";

import {
  allTexts,
  block,
  blockStartingWith,
  element,
  elements,
  type Json,
  limitProblems,
  NOW,
  numbered,
  render,
  text,
} from "./home-kit.ts";

const waiver = action();

describe("formatAge", () => {
  it("says how long ago, then the date", () => {
    const ago = (ms: number) => formatAge(new Date(NOW.getTime() - ms), NOW);
    expect(ago(0)).toBe("just now");
    expect(ago(59_000)).toBe("just now");
    expect(ago(-60_000)).toBe("just now");
    expect(ago(5 * 60_000)).toBe("5 min ago");
    expect(ago(59 * 60_000)).toBe("59 min ago");
    expect(ago(3 * 3_600_000 + 59 * 60_000)).toBe("3 h ago");
    expect(ago(2 * 86_400_000)).toBe("2 d ago");
    expect(ago(30 * 86_400_000)).toBe("30 d ago");
    expect(formatAge(new Date("2026-01-05T10:00:00Z"), NOW)).toBe("2026-01-05");
    expect(formatAge(new Date(Number.NaN), NOW)).toBe("just now");
  });
});

describe("renderHome: the three sections", () => {
  it("shows the sections in order, with the state in private_metadata", () => {
    const state: HomeState = { filter: { status: "FAILED" }, cursor: { olderThan: 50 } };
    const view = render({ state });
    expect(view.type).toBe("home");
    expect(view.callback_id).toBe(HOME_CALLBACK.home);
    const headers = view.blocks
      .filter((b) => b.type === "header")
      .map((b) => text(b as unknown as Json));
    expect(headers).toEqual(["Waiting on you", "Your requests", "All requests"]);
    expect(parseHomeState(view.private_metadata)).toEqual(state);
  });

  it("says so kindly when every list is empty", () => {
    const view = render();
    expect(text(block(view, HOME_BLOCK.waitingEmpty))).toBe("Nothing is waiting on you.");
    expect(text(block(view, HOME_BLOCK.mineEmpty))).toBe(
      "You have not made any requests yet: *New request* above starts one.",
    );
    expect(text(block(view, HOME_BLOCK.allEmpty))).toBe("Nobody has made a request yet.");
    expect(
      text(
        render({ state: { filter: { team: "Acme" }, cursor: {} } }).blocks.find(
          (b) => b.block_id === HOME_BLOCK.allEmpty,
        ) as unknown as Json,
      ),
    ).toBe("No requests match these filters.");
  });

  it("tells people how to make a request, naming what they may ask for", () => {
    const trial = action({ id: "extend-trial", title: "Extend a trial" });
    expect(text(block(render({ requestable: [waiver, trial] }), HOME_BLOCK.intro))).toBe(
      "You can ask for Billing waiver and Extend a trial, here or with `/request` in any channel.",
    );
    const many = Array.from({ length: 8 }, (_, i) => action({ id: `a-${i}`, title: `A${i}` }));
    expect(text(block(render({ requestable: many }), HOME_BLOCK.intro))).toContain(
      "A0, A1, A2, A3, A4 and 3 more, here",
    );
    expect(text(block(render({ requestable: [] }), HOME_BLOCK.intro))).toContain(
      "You cannot ask for changes here yet",
    );
    expect(text(block(render({ requestable: undefined }), HOME_BLOCK.intro))).toContain(
      "`/request help`",
    );
  });
});

describe("renderHome: waiting on you", () => {
  const pending = inStatus.PENDING();

  it("shows each request with Details, Approve (confirmed) and Decline", () => {
    const view = render({ waiting: { requests: [pending], total: 1 } });
    expect(view.blocks.find((b) => b.type === "header")).toMatchObject({
      text: { text: "Waiting on you (1)" },
    });
    const row = block(view, "row:waiting:12");
    expect(text(row)).toBe(
      `*#12* Billing waiver · Production · Acme Corp\nFrom <@${MAKER}> · 2 h ago\n> Double-charged during the outage`,
    );
    expect(row.accessory).toMatchObject({
      type: "button",
      action_id: HOME_ACTION.details,
      value: REQUEST_ID,
      text: { text: "Details" },
    });
    expect(block(view, "row:waiting:12:buttons")).toMatchObject({
      type: "actions",
      elements: [
        {
          action_id: ACTION.approve,
          value: REQUEST_ID,
          style: "primary",
          confirm: {
            title: { text: "Approve #12?" },
            text: {
              text: "Approve Billing waiver: invoice ID in_123, amount $250.00 for Acme Corp in Production? It runs as soon as you approve.",
            },
          },
        },
        { action_id: ACTION.decline, value: REQUEST_ID, style: "danger" },
      ],
    });
  });

  it("counts approvals and leaves out the buttons once the viewer has approved", () => {
    const twoNeeded = request({
      checkerIds: [CHECKER, OTHER_CHECKER],
      approvalsRequired: 2,
      approvedBy: [OTHER_CHECKER],
    });
    const view = render({ waiting: { requests: [twoNeeded], total: 1 } });
    expect(text(block(view, "row:waiting:12"))).toContain("· 1 of 2 approvals in");
    expect(buttonActionIds(view.blocks)).toContain(ACTION.approve);

    const approved = request({ ...twoNeeded, approvedBy: [CHECKER] });
    const after = render({ waiting: { requests: [approved], total: 1 } });
    expect(after.blocks.some((b) => b.block_id === "row:waiting:12:buttons")).toBe(false);
    expect(after.blocks.some((b) => b.block_id === "row:waiting:12")).toBe(true);
  });

  it("never offers a decision on a closed request or to someone who is not a checker", () => {
    for (const status of REQUEST_STATUSES.filter((s) => s !== "PENDING")) {
      const view = render({ waiting: { requests: [inStatus[status]()], total: 1 } });
      expect(buttonActionIds(view.blocks), status).not.toContain(ACTION.approve);
    }
    const stranger = render({ viewerId: "U0STRANGER", waiting: { requests: [pending], total: 1 } });
    expect(buttonActionIds(stranger.blocks)).not.toContain(ACTION.approve);
  });

  it("shows five and says how many more there are", () => {
    const requests = Array.from({ length: 7 }, (_, i) => numbered(100 + i));
    const view = render({ waiting: { requests, total: 42 } });
    expect(view.blocks.filter((b) => b.block_id?.match(/^row:waiting:\d+$/))).toHaveLength(5);
    expect(text(block(view, HOME_BLOCK.waitingMore))).toContain("and 37 more");
    expect(view.blocks.find((b) => b.type === "header")).toMatchObject({
      text: { text: "Waiting on you (42)" },
    });
  });
});

describe("renderHome: your requests", () => {
  const expected: Record<string, string[]> = {
    PENDING: [ACTION.cancel, ACTION.nudge],
    APPROVED: [],
    EXECUTING: [],
    FINISHED: [],
    FAILED: [ACTION.duplicate],
    DECLINED: [ACTION.duplicate],
    CANCELLED: [ACTION.duplicate],
    EXPIRED: [ACTION.duplicate],
  };

  it.each(REQUEST_STATUSES)("offers the right buttons when %s", (status) => {
    const view = render({ viewerId: MAKER, mine: { requests: [inStatus[status]()], total: 1 } });
    expect(buttonActionIds(view.blocks).filter((id) => !id.startsWith("home_"))).toEqual(
      expected[status],
    );
    const buttons = view.blocks.find((b) => b.block_id === "row:mine:12:buttons");
    expect(buttons === undefined).toBe(expected[status]?.length === 0);
    if (expected[status]?.includes(ACTION.duplicate)) {
      expect(buttons).toMatchObject({
        elements: [
          { text: { text: "Send again" }, accessibility_label: "Send again, request #12" },
        ],
      });
    }
  });

  it("shows where each stands and since when", () => {
    const view = render({
      viewerId: MAKER,
      mine: { requests: [inStatus.PENDING(), numbered(13, inStatus.FAILED())], total: 2 },
    });
    expect(text(block(view, "row:mine:12"))).toBe(
      `*#12* Billing waiver · Production · Acme Corp\n:hourglass_flowing_sand: Pending · 2 h ago · waiting for <@${CHECKER}>`,
    );
    // FAILED ran at 14:06: 1 h 54 min before NOW.
    expect(text(block(view, "row:mine:13"))).toContain(":x: Failed · 1 h ago");
    expect(block(view, "row:mine:12:buttons")).toMatchObject({
      elements: [
        { action_id: ACTION.cancel, style: "danger", confirm: { title: { text: "Cancel #12?" } } },
        { action_id: ACTION.nudge, text: { text: "Nudge checker" } },
      ],
    });
  });

  it("never gives someone else's request the maker's buttons", () => {
    const view = render({ viewerId: CHECKER, mine: { requests: [inStatus.PENDING()], total: 1 } });
    expect(buttonActionIds(view.blocks)).not.toContain(ACTION.cancel);
  });

  it("shows five and points to the rest", () => {
    const requests = Array.from({ length: 6 }, (_, i) => numbered(200 - i, { makerId: MAKER }));
    const view = render({ viewerId: MAKER, mine: { requests, total: 9 } });
    expect(view.blocks.filter((b) => b.block_id?.match(/^row:mine:\d+$/))).toHaveLength(5);
    expect(text(block(view, HOME_BLOCK.mineMore))).toContain("and 4 more");
  });
});

describe("renderHome: all requests", () => {
  it("shows one compact row per request, with Details", () => {
    const finished = { ...inStatus.FINISHED(), id: REQUEST_ID };
    const view = render({ all: { requests: [finished], hasNewer: false, hasOlder: false } });
    const row = block(view, "row:all:12");
    expect(text(row)).toBe(
      `*#12* Billing waiver · Production · Acme Corp\n<@${MAKER}> → <@${CHECKER}> · :white_check_mark: Done · 1 h ago`,
    );
    expect(row.accessory).toMatchObject({ action_id: HOME_ACTION.details, value: REQUEST_ID });
    expect(view.blocks.some((b) => b.block_id === HOME_BLOCK.paging)).toBe(false);
  });

  it("names an action that is no longer configured by its id", () => {
    const gone = numbered(5, { actionId: "old-action" });
    const view = render({ all: { requests: [gone], hasNewer: false, hasOlder: false } });
    expect(text(block(view, "row:all:5"))).toContain("*#5* old-action ·");
  });

  it("escapes user text so nobody can ping @channel", () => {
    const sneaky = numbered(7, { team: "<!channel> & <@U0BOSS|boss>", environment: "<!here>" });
    const view = render({
      all: { requests: [sneaky], hasNewer: false, hasOlder: false },
      waiting: { requests: [sneaky], total: 1 },
    });
    const shown = allTexts(view);
    expect(shown).not.toContain("<!channel>");
    expect(shown).not.toContain("<!here>");
    expect(text(block(view, "row:all:7"))).toContain("&lt;!channel&gt; &amp; &lt;@U0BOSS|boss&gt;");
  });

  it("pages with the first and last numbers of the page", () => {
    const requests = Array.from({ length: 20 }, (_, i) => numbered(60 - i));
    const view = render({ all: { requests, hasNewer: true, hasOlder: true } });
    expect(block(view, HOME_BLOCK.paging)).toMatchObject({
      elements: [
        { action_id: HOME_ACTION.newerPage, value: "60", text: { text: "← Newer" } },
        { action_id: HOME_ACTION.olderPage, value: "41", text: { text: "Older →" } },
      ],
    });
    expect(pageCursor(HOME_ACTION.olderPage, "41")).toEqual({ olderThan: 41 });
    const first = render({ all: { requests, hasNewer: false, hasOlder: true } });
    expect(buttonActionIds(first.blocks)).not.toContain(HOME_ACTION.newerPage);
    expect(buttonActionIds(first.blocks)).toContain(HOME_ACTION.olderPage);
  });

  it("shows a request once even if the query repeats it", () => {
    const twice = [numbered(3), numbered(3), numbered(2)];
    const view = render({
      all: { requests: twice, hasNewer: false, hasOlder: false },
      waiting: { requests: twice, total: 3 },
      mine: { requests: twice, total: 3 },
    });
    expect(view.blocks.filter((b) => b.block_id?.startsWith("row:all:"))).toHaveLength(2);
  });

  it("shows at most 20 rows", () => {
    const requests = Array.from({ length: 25 }, (_, i) => numbered(100 - i));
    const view = render({ all: { requests, hasNewer: false, hasOlder: true } });
    expect(view.blocks.filter((b) => b.block_id?.startsWith("row:all:"))).toHaveLength(
      HOME_LIMITS.all,
    );
    expect(block(view, HOME_BLOCK.paging)).toMatchObject({ elements: [{ value: "81" }] });
  });

  it("leads back to the newest requests from a page past the end", () => {
    const view = render({
      all: { requests: [], hasNewer: true, hasOlder: false },
      state: { filter: {}, cursor: { olderThan: 1 } },
    });
    expect(text(block(view, HOME_BLOCK.allEmpty))).toBe("No more requests.");
    expect(block(view, HOME_BLOCK.paging)).toMatchObject({
      elements: [{ action_id: HOME_ACTION.newerPage, value: FIRST_PAGE }],
    });
  });
});

describe("renderHome: filters", () => {
  it('offers every filter with "Any …" chosen and no Clear button when nothing is filtered', () => {
    const view = render();
    const found = elements(view);
    for (const id of [
      HOME_ACTION.filterEnvironment,
      HOME_ACTION.filterTeam,
      HOME_ACTION.filterMaker,
      HOME_ACTION.filterChecker,
      HOME_ACTION.filterAction,
      HOME_ACTION.filterStatus,
    ]) {
      expect(found.has(id), id).toBe(true);
    }
    expect(found.has(HOME_ACTION.clearFilters)).toBe(false);
    expect(element(view, HOME_ACTION.filterEnvironment)).toMatchObject({
      type: "static_select",
      initial_option: { value: ANY, text: { text: "Any environment" } },
      options: [{ value: ANY }, { value: "production" }, { value: "staging" }],
    });
    expect(element(view, HOME_ACTION.filterTeam)).toEqual({
      type: "external_select",
      action_id: HOME_ACTION.filterTeam,
      placeholder: expect.objectContaining({ text: "Any team" }),
      min_query_length: 1,
    });
    expect(element(view, HOME_ACTION.filterMaker)).not.toHaveProperty("initial_user");
    const statuses = element(view, HOME_ACTION.filterStatus).options as Json[];
    expect(statuses.map((o) => o.value)).toEqual([ANY, ...REQUEST_STATUSES]);
    expect(statuses.map((o) => (o.text as Json).text)).toContain("Running");
  });

  it("shows the current filter in each select and offers to clear it", () => {
    const state: HomeState = {
      filter: {
        environment: "staging",
        team: "Acme Corp",
        makerId: MAKER,
        checkerId: CHECKER,
        actionId: "billing-waiver",
        status: "DECLINED",
      },
      cursor: {},
    };
    const view = render({ state });
    expect(element(view, HOME_ACTION.filterEnvironment)).toMatchObject({
      initial_option: { value: "staging" },
    });
    expect(element(view, HOME_ACTION.filterTeam)).toMatchObject({
      initial_option: { value: "Acme Corp", text: { text: "Acme Corp" } },
    });
    expect(element(view, HOME_ACTION.filterMaker)).toMatchObject({ initial_user: MAKER });
    expect(element(view, HOME_ACTION.filterChecker)).toMatchObject({ initial_user: CHECKER });
    expect(element(view, HOME_ACTION.filterAction)).toMatchObject({
      type: "static_select",
      initial_option: { value: "billing-waiver", text: { text: "Billing waiver" } },
    });
    expect(element(view, HOME_ACTION.filterStatus)).toMatchObject({
      initial_option: { value: "DECLINED", text: { text: "Declined" } },
    });
    expect(element(view, HOME_ACTION.clearFilters)).toMatchObject({
      type: "button",
      text: { text: "Clear filters" },
    });
  });

  it("keeps a filter on an environment or action that is no longer offered", () => {
    const view = render({
      state: { filter: { environment: "legacy", actionId: "old-action" }, cursor: {} },
    });
    expect(element(view, HOME_ACTION.filterEnvironment)).toMatchObject({
      initial_option: { value: "legacy" },
    });
    expect(element(view, HOME_ACTION.filterAction)).toMatchObject({
      initial_option: { value: "old-action", text: { text: "old-action" } },
    });
  });

  it("gives the filter blocks new ids when the filter changes, so Slack redraws the selects", () => {
    const plain = render();
    const filtered = render({ state: { filter: { status: "FAILED" }, cursor: {} } });
    const again = render({ state: { filter: { status: "FAILED" }, cursor: { olderThan: 9 } } });
    const id = (view: HomeView) => blockStartingWith(view, HOME_BLOCK.filters).block_id;
    expect(id(plain)).not.toBe(id(filtered));
    expect(id(filtered)).toBe(id(again));
    expect(blockStartingWith(filtered, HOME_BLOCK.filtersMore).type).toBe("actions");
  });

  it("searches the actions when there are more than a select holds", () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      action({ id: `action-${i}`, title: `Action ${i}` }),
    );
    const view = render({
      actions: many,
      state: { filter: { actionId: "action-42" }, cursor: {} },
    });
    expect(element(view, HOME_ACTION.filterAction)).toMatchObject({
      type: "external_select",
      initial_option: { value: "action-42", text: { text: "Action 42" } },
    });
    const ninetyNine = render({ actions: many.slice(0, 99) });
    expect(element(ninetyNine, HOME_ACTION.filterAction)).toMatchObject({ type: "static_select" });
    expect((element(ninetyNine, HOME_ACTION.filterAction).options as unknown[]).length).toBe(100);
  });

  it("keeps the environment select within 100 options, current value included", () => {
    const environments = Array.from({ length: 300 }, (_, i) => `env-${i}`);
    const view = render({
      environments,
      state: { filter: { environment: "env-250" }, cursor: {} },
    });
    const select = element(view, HOME_ACTION.filterEnvironment);
    expect((select.options as unknown[]).length).toBe(100);
    expect(select).toMatchObject({ initial_option: { value: "env-250" } });
  });
});

describe("options for the searching selects", () => {
  it('lists teams after "Any team", leaving out names too long to send back', () => {
    const long = "L".repeat(151);
    const { options } = renderTeamOptions(["Acme Corp", long, "Acme Corp", "x".repeat(150)]);
    expect(options.map((o) => o.value)).toEqual([ANY, "Acme Corp", "x".repeat(150)]);
    expect(options[2]?.text.text.length).toBe(75);
    expect(teamOption(long)).toBeUndefined();
    expect(teamOption("Acme Corp")).toEqual({
      text: { type: "plain_text", text: "Acme Corp", emoji: true },
      value: "Acme Corp",
    });
    const lots = renderTeamOptions(Array.from({ length: 500 }, (_, i) => `Team ${i}`));
    expect(lots.options).toHaveLength(100);
  });

  it("finds actions by title or id", () => {
    const actions = [
      action({ id: "billing-waiver", title: "Billing waiver" }),
      action({ id: "extend-trial", title: "Extend a trial" }),
    ];
    expect(renderActionOptions(actions, "TRIAL").options.map((o) => o.value)).toEqual([
      ANY,
      "extend-trial",
    ]);
    expect(renderActionOptions(actions, "billing-").options.map((o) => o.value)).toEqual([
      ANY,
      "billing-waiver",
    ]);
    expect(renderActionOptions(actions, "").options).toHaveLength(3);
  });
});

describe("renderHome: within Slack's limits whatever the data", () => {
  /** A request with every field as long as the service allows, and then some. */
  function maximal(number: number, actionId: string): RequestRecord {
    const params = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`param_${i}`, `${"v".repeat(2990)}<!channel>`]),
    );
    return numbered(number, {
      actionId,
      environment: `${"e".repeat(95)}<!here>`,
      team: `<!channel>${"T".repeat(190)}`,
      purpose: `${"p&".repeat(1500)}`,
      params,
      makerId: "U0MAKERMAKERMAKER",
      checkerIds: Array.from({ length: 10 }, (_, i) => `U0CHECKER${String(i).padStart(8, "0")}`),
      approvalsRequired: 10,
      approvedBy: Array.from({ length: 9 }, (_, i) => `U0CHECKER${String(i + 1).padStart(8, "0")}`),
      decisionReason: "r".repeat(3000),
      error: "x".repeat(10_000),
    });
  }

  const actions: ActionDefinition[] = Array.from({ length: 120 }, (_, i) =>
    action({
      id: `a${i}-${"x".repeat(55)}`.slice(0, 63),
      title: `${i} ${"Title ".repeat(40)}`.slice(0, 200),
      description: "d".repeat(1000),
    }),
  );
  const totalInDatabase = 10_000;

  function heavyInput(viewerId: string, status: RequestRecord["status"]): Partial<HomeViewInput> {
    const actionOf = (i: number) => actions[i % actions.length]?.id ?? "missing";
    const rows = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        ...maximal(from - i, actionOf(i)),
        status,
        checkerIds: [...maximal(1, "x").checkerIds, CHECKER],
        makerId: viewerId === MAKER ? MAKER : "U0MAKERMAKERMAKER",
        approvedBy: [],
      }));
    return {
      viewerId,
      actions,
      requestable: actions,
      environments: Array.from({ length: 250 }, (_, i) => `${"env".repeat(60)}-${i}`),
      waiting: { requests: rows(totalInDatabase, HOME_LIMITS.waiting), total: totalInDatabase },
      mine: { requests: rows(totalInDatabase - 5, HOME_LIMITS.mine), total: totalInDatabase },
      all: {
        requests: rows(totalInDatabase - 10, HOME_LIMITS.all),
        hasNewer: true,
        hasOlder: true,
      },
      state: {
        filter: {
          environment: "e".repeat(100),
          team: "t".repeat(200),
          makerId: MAKER,
          checkerId: CHECKER,
          actionId: actions[119]?.id ?? "",
          status,
          breakGlass: true,
          createdFrom: "2026-01-01",
          createdTo: "2026-12-31",
        },
        cursor: { olderThan: totalInDatabase },
      },
      allCount: { total: totalInDatabase, before: 40 },
      delegation: {
        id: "d1",
        checkerId: viewerId,
        delegateId: OTHER_CHECKER,
        startsAt: new Date(NOW.getTime() + 3_600_000),
        endsAt: new Date(NOW.getTime() + 86_400_000),
        endedAt: null,
        activatedAt: null,
        createdAt: NOW,
      },
    };
  }

  it.each(REQUEST_STATUSES)("fits with the longest data when every request is %s", (status) => {
    for (const viewer of [CHECKER, MAKER]) {
      const view = render(heavyInput(viewer, status));
      expect(limitProblems(view)).toEqual([]);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(allTexts(view)).not.toContain("<!channel>");
      expect(allTexts(view)).not.toContain("<!here>");
    }
  });

  it("shows the team filter's select empty rather than send a team name Slack would refuse", () => {
    const view = render({ state: { filter: { team: "t".repeat(200) }, cursor: {} } });
    expect(element(view, HOME_ACTION.filterTeam)).not.toHaveProperty("initial_option");
    expect(elements(view).has(HOME_ACTION.clearFilters)).toBe(true);
  });
});
