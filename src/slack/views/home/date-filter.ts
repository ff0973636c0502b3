import type { ActionsBlock, ContextBlock, Datepicker } from "@slack/types";
import { invertedRange, type RequestFilter } from "../../../requests/request-query.ts";
import { HOME_ACTION, HOME_BLOCK } from "../../ids.ts";
import { context, plainText, SLACK } from "../blocks.ts";
import { filterBlockId } from "./filters.ts";

function datepicker(actionId: string, placeholder: string, day: string | undefined): Datepicker {
  return {
    type: "datepicker",
    action_id: actionId,
    placeholder: plainText(placeholder, SLACK.placeholder),
    ...(day === undefined ? {} : { initial_date: day }),
  };
}

/**
 * "Asked between" two days: a line saying what the dates mean, then the two datepickers. Their
 * block id changes with the filter, so "Clear filters" empties them.
 */
export function dateFilterBlocks(filter: RequestFilter): [ContextBlock, ActionsBlock] {
  return [
    context("Asked between these days (UTC, both included):"),
    {
      type: "actions",
      block_id: filterBlockId(HOME_BLOCK.dates, filter),
      elements: [
        datepicker(HOME_ACTION.filterFrom, "First day", filter.createdFrom),
        datepicker(HOME_ACTION.filterTo, "Last day", filter.createdTo),
      ],
    },
  ];
}

/** Why the list is empty when the first day comes after the last; null when they are in order. */
export function dateRangeProblem(filter: RequestFilter): string | null {
  if (!invertedRange(filter)) return null;
  return `:warning: The first day (${filter.createdFrom}) is after the last day (${filter.createdTo}), so no request can match. Pick the days the other way round; your other filters are kept.`;
}
