import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { RequestPage } from "../../../requests/request-query.ts";
import type { RequestRecord } from "../../../requests/types.ts";
import { FIRST_PAGE, type HomeState, hasFilter } from "../../forms/home-form.ts";
import { HOME_ACTION, HOME_BLOCK } from "../../ids.ts";
import { button, context, header } from "../blocks.ts";
import { dateFilterBlocks, dateRangeProblem } from "./date-filter.ts";
import { filterBlocks } from "./filters.ts";
import { allRow } from "./rows.ts";

/** How many match the filter, and how many of them come before the page shown. */
export interface PageCount {
  readonly total: number;
  readonly before: number;
}

export interface AllRequestsInput {
  readonly page: RequestPage;
  /** Rows already cut to what the list shows, each once. */
  readonly shown: readonly RequestRecord[];
  readonly count: PageCount | undefined;
  readonly state: HomeState;
  readonly actions: readonly ActionDefinition[];
  readonly byId: ReadonlyMap<string, ActionDefinition>;
  readonly environments: readonly string[];
  readonly now: Date;
  readonly pageSize: number;
}

/** "1–20 of 57": which rows of how many. */
export function rangeText(from: number, to: number, total: number): string {
  return from === to ? `${from} of ${total}` : `${from}–${to} of ${total}`;
}

function pagingBlock(input: AllRequestsInput): ActionsBlock | undefined {
  const { page, shown, count, pageSize } = input;
  const first = shown[0];
  const last = shown.at(-1);
  const elements = [];
  if (page.hasNewer) {
    const label = count
      ? `Show requests ${rangeText(Math.max(1, count.before - pageSize + 1), Math.max(1, count.before), count.total)}`
      : "Show newer requests";
    elements.push({
      ...button({
        text: first ? "← Newer" : "← Newest",
        actionId: HOME_ACTION.newerPage,
        value: first ? String(first.number) : FIRST_PAGE,
      }),
      accessibility_label: label,
    });
  }
  if (page.hasOlder && last) {
    const from = (count?.before ?? 0) + shown.length + 1;
    const label = count
      ? `Show requests ${rangeText(from, Math.min(count.total, from + pageSize - 1), count.total)}`
      : "Show older requests";
    elements.push({
      ...button({ text: "Older →", actionId: HOME_ACTION.olderPage, value: String(last.number) }),
      accessibility_label: label,
    });
  }
  return elements.length > 0
    ? { type: "actions", block_id: HOME_BLOCK.paging, elements }
    : undefined;
}

function emptyText(state: HomeState): string {
  const paged = state.cursor.olderThan !== undefined || state.cursor.newerThan !== undefined;
  if (hasFilter(state.filter)) return "No requests match these filters.";
  return paged ? "No more requests." : "Nobody has made a request yet.";
}

/** "All requests (57)", its filters, "1–20 of 57", the rows and the paging buttons. */
export function allRequestsBlocks(input: AllRequestsInput): KnownBlock[] {
  const { filter } = input.state;
  const { shown, count } = input;
  const title = count && count.total > 0 ? `All requests (${count.total})` : "All requests";
  const blocks: KnownBlock[] = [
    { ...header(title), block_id: HOME_BLOCK.all },
    ...filterBlocks({ filter, environments: input.environments, actions: input.actions }),
    ...dateFilterBlocks(filter),
  ];
  const problem = dateRangeProblem(filter);
  if (problem) {
    blocks.push(context(problem, HOME_BLOCK.allEmpty));
    return blocks;
  }
  if (shown.length === 0) {
    blocks.push(context(emptyText(input.state), HOME_BLOCK.allEmpty));
  } else if (count) {
    const from = count.before + 1;
    const to = count.before + shown.length;
    blocks.push(context(rangeText(from, to, Math.max(count.total, to)), HOME_BLOCK.allCount));
  }
  for (const request of shown) {
    blocks.push(allRow(request, input.byId.get(request.actionId), input.now));
  }
  const paging = pagingBlock(input);
  if (paging) blocks.push(paging);
  return blocks;
}
