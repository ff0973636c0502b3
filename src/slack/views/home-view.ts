import type { HomeView, KnownBlock } from "@slack/types";
import { formatTime } from "../../core/time-text.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { Delegation } from "../../requests/delegation.ts";
import type { RequestList, RequestPage } from "../../requests/request-query.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { encodeHomeState, FIRST_PAGE, type HomeState, hasFilter } from "../forms/home-form.ts";
import { HOME_ACTION, HOME_BLOCK, HOME_CALLBACK } from "../ids.ts";
import {
  button,
  capBlocks,
  confirmDialog,
  context,
  header,
  mention,
  oneLine,
  SLACK,
  safe,
  section,
} from "./blocks.ts";
import { filterBlocks } from "./home/filters.ts";
import { allRow, mineRow, waitingRow } from "./home/rows.ts";

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
  /** The current filter and page. */
  readonly state: HomeState;
  /** The viewer's delegation, running or to come; null when they are not going away. */
  readonly delegation?: Delegation | null;
}

type Actions = ReadonlyMap<string, ActionDefinition>;

/** How many titles the "New request" hint names before saying "and N more". */
const HINT_TITLES = 5;

/** Each request once: a row's block id is its number, and Slack refuses a repeated block id. */
function distinct(requests: readonly RequestRecord[]): RequestRecord[] {
  const seen = new Set<number>();
  return requests.filter((request) => {
    if (seen.has(request.number)) return false;
    seen.add(request.number);
    return true;
  });
}

function newRequestHint(requestable: readonly ActionDefinition[] | undefined): string {
  const start = "Type `/request` in any channel to ask for a change";
  if (requestable === undefined) {
    return `${start}, or \`/request help\` to see what you can ask for.`;
  }
  if (requestable.length === 0) {
    return "You cannot ask for changes here yet, but you can check the requests that come to you.";
  }
  const titles = requestable.slice(0, HINT_TITLES).map((a) => safe(oneLine(a.title), 60));
  const rest = requestable.length - titles.length;
  const list = rest > 0 ? `${titles.join(", ")} and ${rest} more` : joinAnd(titles);
  return `${start}. You can ask for ${list}.`;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function waitingBlocks(input: HomeViewInput, actions: Actions): KnownBlock[] {
  const { requests, total } = input.waiting;
  const count = Math.max(total, requests.length);
  const blocks: KnownBlock[] = [
    {
      ...header(count > 0 ? `Waiting for you (${count})` : "Waiting for you"),
      block_id: HOME_BLOCK.waiting,
    },
  ];
  if (requests.length === 0) {
    blocks.push(context("Nothing is waiting for you.", HOME_BLOCK.waitingEmpty));
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
  const blocks: KnownBlock[] = [{ ...header("Your requests"), block_id: HOME_BLOCK.mine }];
  if (requests.length === 0) {
    blocks.push(
      context(
        "You have not made any requests yet. Type `/request` in any channel to start one.",
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

function pagingBlock(page: RequestPage, shown: readonly RequestRecord[]): KnownBlock | undefined {
  const first = shown[0];
  const last = shown.at(-1);
  const elements = [];
  if (page.hasNewer) {
    elements.push(
      button({
        text: first ? "← Newer" : "← Newest",
        actionId: HOME_ACTION.newerPage,
        value: first ? String(first.number) : FIRST_PAGE,
      }),
    );
  }
  if (page.hasOlder && last) {
    elements.push(
      button({ text: "Older →", actionId: HOME_ACTION.olderPage, value: String(last.number) }),
    );
  }
  return elements.length > 0
    ? { type: "actions", block_id: HOME_BLOCK.paging, elements }
    : undefined;
}

function allBlocks(input: HomeViewInput, actions: Actions): KnownBlock[] {
  const { filter } = input.state;
  const blocks: KnownBlock[] = [
    { ...header("All requests"), block_id: HOME_BLOCK.all },
    ...filterBlocks({ filter, environments: input.environments, actions: input.actions }),
  ];
  const shown = distinct(input.all.requests).slice(0, HOME_LIMITS.all);
  if (shown.length === 0) {
    const paged =
      input.state.cursor.olderThan !== undefined || input.state.cursor.newerThan !== undefined;
    const text = hasFilter(filter)
      ? "No requests match these filters."
      : paged
        ? "No more requests."
        : "Nobody has made a request yet.";
    blocks.push(context(text, HOME_BLOCK.allEmpty));
  }
  for (const request of shown)
    blocks.push(allRow(request, actions.get(request.actionId), input.now));
  const paging = pagingBlock(input.all, shown);
  if (paging) blocks.push(paging);
  return blocks;
}

/** Whether the viewer's approvals go to someone else, and the button to change that. */
function awayBlock(delegation: Delegation | null, now: Date): KnownBlock {
  if (!delegation) {
    return section(
      "*Going away?* Send the requests you are asked to check to someone else while you are out.",
      HOME_BLOCK.away,
      button({ text: "Set a delegate", actionId: HOME_ACTION.setDelegate, value: "set" }),
    );
  }
  const delegate = mention(delegation.delegateId);
  const until = formatTime(delegation.endsAt);
  const text =
    delegation.startsAt > now
      ? `:palm_tree: From ${formatTime(delegation.startsAt)} until ${until}, the requests you are asked to check go to ${delegate}.`
      : `:palm_tree: You are away until ${until}: the requests you are asked to check go to ${delegate}.`;
  return section(
    text,
    HOME_BLOCK.away,
    button({
      text: delegation.startsAt > now ? "Cancel it" : "I'm back",
      actionId: HOME_ACTION.endDelegation,
      value: delegation.id,
      confirm: confirmDialog({
        title: "End your delegation?",
        text: "New requests will come to you again. Requests already sent to your delegate stay with them.",
        confirm: "End it",
        deny: "Keep it",
      }),
    }),
  );
}

/**
 * The App Home: what waits for the viewer, their own requests, and every request with filters
 * and paging. Pure: the same input gives the same view. Publish it with views.publish.
 */
export function renderHome(input: HomeViewInput): HomeView {
  const actions: Actions = new Map(input.actions.map((action) => [action.id, action]));
  const blocks: KnownBlock[] = [
    context(newRequestHint(input.requestable), HOME_BLOCK.intro),
    awayBlock(input.delegation ?? null, input.now),
    ...waitingBlocks(input, actions),
    { type: "divider" },
    ...mineBlocks(input, actions),
    { type: "divider" },
    ...allBlocks(input, actions),
  ];
  return {
    type: "home",
    callback_id: HOME_CALLBACK.home,
    private_metadata: encodeHomeState(input.state),
    // The lists are capped above, so this never cuts; it keeps the promise whatever changes.
    blocks: capBlocks(blocks, SLACK.homeBlocks),
  };
}
