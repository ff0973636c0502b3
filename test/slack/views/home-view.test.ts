import type { AnyBlock, HomeView } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { ActionDefinition } from "../../../src/factory/types.ts";
import type { RequestList, RequestPage } from "../../../src/requests/request-query.ts";
import { REQUEST_STATUSES } from "../../../src/requests/status.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import {
  ANY,
  EMPTY_HOME_STATE,
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
  renderHome,
  renderTeamOptions,
  teamOption,
} from "../../../src/slack/views/home-view.ts";
import { validateView } from "../../support/slack/block-kit-rules.ts";
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
} from "./fixtures.ts";

const VIEWER = CHECKER;
const NOW = new Date("2026-03-02T16:00:00.000Z");
const waiver = action();

const none: RequestList = { requests: [], total: 0 };
const emptyPage: RequestPage = { requests: [], hasNewer: false, hasOlder: false };

function input(overrides: Partial<HomeViewInput> = {}): HomeViewInput {
  return {
    viewerId: VIEWER,
    now: NOW,
    actions: [waiver],
    requestable: [waiver],
    environments: ["production", "staging"],
    waiting: none,
    mine: none,
    all: emptyPage,
    state: EMPTY_HOME_STATE,
    ...overrides,
  };
}

/** Renders and checks the view against Slack's rules: every test's view must be publishable. */
function render(overrides: Partial<HomeViewInput> = {}): HomeView {
  const view = renderHome(input(overrides));
  expect(validateView(view)).toEqual([]);
  return view;
}

function idOf(number: number): string {
  return `00000000-0000-4000-8000-${String(number).padStart(12, "0")}`;
}

/** A request with its own number and id (whatever `overrides` say). */
function numbered(number: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({ ...overrides, id: idOf(number), number });
}

type Json = Record<string, unknown>;

function block(view: HomeView, blockId: string): Json {
  const found = view.blocks.find((b) => b.block_id === blockId);
  if (!found) throw new Error(`no block ${blockId} in ${view.blocks.map((b) => b.block_id)}`);
  return found as unknown as Json;
}

function blockStartingWith(view: HomeView, prefix: string): Json {
  const found = view.blocks.find((b) => b.block_id?.startsWith(`${prefix}:`));
  if (!found) throw new Error(`no block ${prefix}:…`);
  return found as unknown as Json;
}

function text(b: Json): string {
  if (b.type === "context") return (b.elements as { text: string }[]).map((e) => e.text).join(" ");
  return (b.text as { text: string }).text;
}

/** The mrkdwn people read (plain_text is never parsed for mentions, so it cannot ping). */
function allTexts(view: HomeView): string {
  const texts: string[] = [];
  walk(view.blocks, (object) => {
    if (object.type === "mrkdwn") texts.push(String(object.text));
  });
  return texts.join("\n");
}

/** Every select element of the view, keyed by action id. */
function elements(view: HomeView): Map<string, Json> {
  const found = new Map<string, Json>();
  for (const b of view.blocks as unknown as Json[]) {
    if (b.type !== "actions") continue;
    for (const element of b.elements as Json[]) found.set(element.action_id as string, element);
  }
  return found;
}

function element(view: HomeView, actionId: string): Json {
  const found = elements(view).get(actionId);
  if (!found) throw new Error(`no element ${actionId}`);
  return found;
}

/** Every object in the view (depth first), to check limits wherever they apply. */
function walk(value: unknown, visit: (object: Json) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (typeof value === "object" && value !== null) {
    visit(value as Json);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

/** Limits the validator checks too, said once more in plain terms. */
function limitProblems(view: HomeView): string[] {
  const problems = overLimits(view.blocks as AnyBlock[]);
  if (view.blocks.length > 100) problems.push(`${view.blocks.length} blocks`);
  if ((view.private_metadata ?? "").length > 3000) problems.push("private_metadata");
  walk(view.blocks, (object) => {
    const label = (object.text as { text?: string } | undefined)?.text ?? "";
    if (object.type === "button" && label.length > 75) problems.push(`button ${label}`);
    if (object.type === "static_select" && (object.options as unknown[]).length > 100) {
      problems.push("select options");
    }
    if ("value" in object && "text" in object && object.type === undefined) {
      if (label.length > 75) problems.push(`option text ${label}`);
      if (String(object.value).length > 150) problems.push(`option value ${object.value}`);
    }
    if (object.type === "mrkdwn" && label.length > 3000) problems.push("mrkdwn text");
  });
  return problems;
}

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
      `*#12* Billing waiver · production · Acme Corp\nFrom <@${MAKER}> · 2 h ago\n> Double-charged during the outage`,
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
            text: { text: "Run Billing waiver in production for Acme Corp?" },
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
      `*#12* Billing waiver · production · Acme Corp\n:hourglass_flowing_sand: Pending · 2 h ago · waiting for <@${CHECKER}>`,
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
      `*#12* Billing waiver · production · Acme Corp\n<@${MAKER}> → <@${CHECKER}> · :white_check_mark: Done · 1 h ago`,
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
