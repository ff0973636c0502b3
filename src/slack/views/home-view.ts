import type { HomeView, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import type { Delegation } from "../../requests/delegation.ts";
import type { RequestList, RequestPage } from "../../requests/request-query.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { encodeHomeState, type HomeState } from "../forms/home-form.ts";
import { HOME_BLOCK, HOME_CALLBACK } from "../ids.ts";
import { capBlocks, context, header, SLACK } from "./blocks.ts";
import { allRequestsBlocks, type PageCount } from "./home/all-requests.ts";
import { awayBlock, newRequestBlocks } from "./home/intro.ts";
import { mineRow, waitingRow } from "./home/rows.ts";

export { formatAge } from "./home/age.ts";
export {
  actionFilterSearches,
  renderActionOptions,
  renderTeamOptions,
  teamOption,
} from "./home/filters.ts";

/** How many requests each list of the Home tab shows: ask the query for no more than this. */
export const HOME_LIMITS = { waiting: 5, mine: 5, all: 20 } as const;

export interface HomeViewInput {
  readonly viewerId: string;
  readonly now: Date;
  /** Every configured action (for titles and the action filter). */
  readonly actions: readonly ActionDefinition[];
  /** Actions the viewer may request (for the "New request" hint); may be empty. */
  readonly requestable?: readonly ActionDefinition[];
  /** Options of the environment filter. */
  readonly environments: readonly string[];
  /** PENDING requests where the viewer is a checker who has not approved yet. */
  readonly waiting: RequestList;
  /** The viewer's own requests, newest first. */
  readonly mine: RequestList;
  /** The filtered page of all requests. */
  readonly all: RequestPage;
  /** How many match the filter and how many come before the page: "21–40 of 57". */
  readonly allCount?: PageCount;
  /** The current filter and page. */
  readonly state: HomeState;
  /** The viewer's delegation, running or to come; null when they are not going away. */
  readonly delegation?: Delegation | null;
}

type Actions = ReadonlyMap<string, ActionDefinition>;

/** Each request once: a row's block id is its number, and Slack refuses a repeated block id. */
function distinct(requests: readonly RequestRecord[]): RequestRecord[] {
  const seen = new Set<number>();
  return requests.filter((request) => {
    if (seen.has(request.number)) return false;
    seen.add(request.number);
    return true;
  });
}

function waitingBlocks(input: HomeViewInput, actions: Actions): KnownBlock[] {
  const { requests, total } = input.waiting;
  const count = Math.max(total, requests.length);
  const blocks: KnownBlock[] = [
    {
      ...header(count > 0 ? `Waiting on you (${count})` : "Waiting on you"),
      block_id: HOME_BLOCK.waiting,
    },
  ];
  if (requests.length === 0) {
    blocks.push(context("Nothing is waiting on you.", HOME_BLOCK.waitingEmpty));
    return blocks;
  }
  const shown = distinct(requests).slice(0, HOME_LIMITS.waiting);
  for (const request of shown) {
    blocks.push(...waitingRow(request, actions.get(request.actionId), input.viewerId, input.now));
  }
  if (count > shown.length) {
    blocks.push(
      context(
        `…and ${count - shown.length} more. Pick yourself as the checker under All requests to see them all.`,
        HOME_BLOCK.waitingMore,
      ),
    );
  }
  return blocks;
}

function mineBlocks(input: HomeViewInput, actions: Actions): KnownBlock[] {
  const { requests, total } = input.mine;
  const count = Math.max(total, requests.length);
  const title = count > 0 ? `Your requests (${count})` : "Your requests";
  const blocks: KnownBlock[] = [{ ...header(title), block_id: HOME_BLOCK.mine }];
  if (requests.length === 0) {
    blocks.push(
      context(
        "You have not made any requests yet: *New request* above starts one.",
        HOME_BLOCK.mineEmpty,
      ),
    );
    return blocks;
  }
  const shown = distinct(requests).slice(0, HOME_LIMITS.mine);
  for (const request of shown) {
    blocks.push(...mineRow(request, actions.get(request.actionId), input.viewerId, input.now));
  }
  if (count > shown.length) {
    blocks.push(
      context(
        `…and ${count - shown.length} more. Pick yourself as the maker under All requests to see them all.`,
        HOME_BLOCK.mineMore,
      ),
    );
  }
  return blocks;
}

/**
 * The App Home, in the order people need it: "New request", what waits on the viewer, their
 * delegation, their own requests, then every request with filters and paging. Pure: the same
 * input gives the same view. Publish it with views.publish.
 */
export function renderHome(input: HomeViewInput): HomeView {
  const actions: Actions = new Map(input.actions.map((action) => [action.id, action]));
  const all = allRequestsBlocks({
    page: input.all,
    shown: distinct(input.all.requests).slice(0, HOME_LIMITS.all),
    count: input.allCount,
    state: input.state,
    actions: input.actions,
    byId: actions,
    environments: input.environments,
    now: input.now,
    pageSize: HOME_LIMITS.all,
  });
  const blocks: KnownBlock[] = [
    ...newRequestBlocks(input.requestable),
    ...waitingBlocks(input, actions),
    awayBlock(input.delegation ?? null, input.now),
    { type: "divider" },
    ...mineBlocks(input, actions),
    { type: "divider" },
    ...all,
  ];
  return {
    type: "home",
    callback_id: HOME_CALLBACK.home,
    private_metadata: encodeHomeState(input.state),
    // The lists are capped above, so this never cuts; it keeps the promise whatever changes.
    blocks: capBlocks(blocks, SLACK.homeBlocks),
  };
}
