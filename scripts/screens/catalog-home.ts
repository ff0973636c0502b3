/** The App Home, the Details modal (a request's story) and the `/request help` replies. */
import type { RequestStatus } from "../../src/requests/status.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { EMPTY_HOME_STATE } from "../../src/slack/forms/home-form.ts";
import { renderActionsHelp, renderUnknownActionReply } from "../../src/slack/views/actions-help.ts";
import { type HomeViewInput, renderHome } from "../../src/slack/views/home-view.ts";
import { renderRequestStory } from "../../src/slack/views/request-story.ts";
import { message, type ScreenGroup, view } from "./catalog-types.ts";
import {
  ALL_ACTIONS,
  at,
  CHECKER,
  DELEGATE,
  events,
  inStatus,
  LEAD,
  MAKER,
  NOW,
  OTHER_CHECKER,
  REQUEST_ID,
  request,
  waiver,
} from "./fixtures.ts";

const emptyHome: HomeViewInput = {
  viewerId: CHECKER,
  now: NOW,
  actions: ALL_ACTIONS,
  requestable: ALL_ACTIONS,
  environments: ["production", "staging"],
  waiting: { requests: [], total: 0 },
  mine: { requests: [], total: 0 },
  all: { requests: [], hasNewer: false, hasOlder: false },
  state: EMPTY_HOME_STATE,
};

const STATUSES: readonly RequestStatus[] = [
  "PENDING",
  "FINISHED",
  "DECLINED",
  "EXECUTING",
  "FAILED",
  "EXPIRED",
  "CANCELLED",
  "APPROVED",
];

/** Request number `n`, made `n` × 7 minutes before NOW, in one of every status in turn. */
function numbered(n: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  const made = new Date(NOW.getTime() - n * 7 * 60_000);
  const status = STATUSES[n % STATUSES.length] ?? "PENDING";
  const closed = status !== "PENDING";
  return request({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    number: n,
    status,
    createdAt: made,
    updatedAt: made,
    ...(closed ? { decidedAt: made, decidedBy: CHECKER } : {}),
    ...(status === "FINISHED" || status === "FAILED" ? { executedAt: made } : {}),
    team: ["Acme Corp", "Globex", "Initech", "Umbrella"][n % 4] ?? "Acme Corp",
    ...overrides,
  });
}

const busyHome = (): HomeViewInput => ({
  ...emptyHome,
  waiting: {
    requests: [1, 3, 9, 11, 17].map((n) =>
      numbered(n, { status: "PENDING", makerId: n % 2 ? MAKER : OTHER_CHECKER }),
    ),
    total: 7,
  },
  mine: {
    requests: [2, 4, 5, 6, 7].map((n) => numbered(n, { makerId: CHECKER, checkerIds: [LEAD] })),
    total: 12,
  },
  all: {
    requests: Array.from({ length: 20 }, (_, i) => numbered(i + 21)),
    hasNewer: true,
    hasOlder: true,
  },
  state: { filter: { environment: "production" }, cursor: { olderThan: 41 } },
  delegation: {
    id: "d1",
    checkerId: CHECKER,
    delegateId: DELEGATE,
    startsAt: at(9, 0),
    endsAt: new Date("2026-03-06T18:00:00.000Z"),
    endedAt: null,
    activatedAt: at(9, 0),
    createdAt: at(8, 55),
  },
});

export const appHome: ScreenGroup = {
  title: "App Home",
  about: "The bot's Home tab: what waits for the viewer, their own requests, and all requests.",
  screens: [
    { title: "Empty", render: () => view(renderHome(emptyHome)) },
    {
      title: "Busy: full lists, away, filtered, a middle page",
      render: () => view(renderHome(busyHome())),
    },
  ],
};

const done = () => ({ ...inStatus.FINISHED(), checkerIds: [CHECKER, OTHER_CHECKER] });

/** An event that changes no status (a reminder, a nudge). */
const noChange = { fromStatus: null, toStatus: null };

function finishedStory() {
  const req = done();
  return events(req, [
    {},
    {
      type: "REMINDER_SENT",
      actor: "system",
      at: at(14, 2),
      ...noChange,
      details: { checkers: [CHECKER], reminder: 1 },
    },
    {
      type: "CHECKER_NUDGED",
      actor: MAKER,
      at: at(14, 3),
      ...noChange,
      details: { checkers: [CHECKER] },
    },
    {
      type: "REQUEST_APPROVED",
      actor: CHECKER,
      at: at(14, 5),
      fromStatus: "PENDING",
      toStatus: "APPROVED",
      details: { approvals: 1, approvalsRequired: 1 },
    },
    {
      type: "EXECUTION_STARTED",
      actor: "system",
      at: at(14, 5),
      fromStatus: "APPROVED",
      toStatus: "EXECUTING",
      details: {},
    },
    {
      type: "REQUEST_FINISHED",
      actor: "system",
      at: at(14, 6),
      fromStatus: "EXECUTING",
      toStatus: "FINISHED",
      details: {},
    },
  ]);
}

export const details: ScreenGroup = {
  title: "Details (a request's story)",
  about: "Opened from a request's Details button on the App Home.",
  screens: [
    {
      title: "Pending, seen by its checker",
      render: () =>
        view(
          renderRequestStory({
            request: inStatus.PENDING(),
            action: waiver,
            events: events(inStatus.PENDING(), [{}]),
            numbers: new Map([[REQUEST_ID, 12]]),
            viewerId: CHECKER,
            now: NOW,
          }),
        ),
    },
    {
      title: "Done, seen by someone else (sensitive values hidden)",
      render: () =>
        view(
          renderRequestStory({
            request: done(),
            action: waiver,
            events: finishedStory(),
            numbers: new Map([[REQUEST_ID, 12]]),
            viewerId: LEAD,
            now: NOW,
          }),
        ),
    },
  ],
};

export const actionsHelp: ScreenGroup = {
  title: "Actions help",
  about: "The ephemeral replies to `/request help` and to `/request <unknown id>`.",
  screens: [
    { title: "What you can request", render: () => message(renderActionsHelp(ALL_ACTIONS)) },
    { title: "Nothing to request", render: () => message(renderActionsHelp([])) },
    {
      title: "A mistyped action id",
      render: () => message(renderUnknownActionReply("billing-waver", ALL_ACTIONS)),
    },
  ],
};

export const HOME_GROUPS = [appHome, details, actionsHelp];
