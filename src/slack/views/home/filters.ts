import type {
  ActionsBlock,
  ActionsBlockElement,
  ExternalSelect,
  PlainTextOption,
  StaticSelect,
  UsersSelect,
} from "@slack/types";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { RequestFilter } from "../../../requests/request-query.ts";
import { REQUEST_STATUSES } from "../../../requests/status.ts";
import { label } from "../../../requests/status-labels.ts";
import { ANY, hasFilter } from "../../forms/home-form.ts";
import { HOME_ACTION, HOME_BLOCK } from "../../ids.ts";
import { button, oneLine, plainText, SLACK } from "../blocks.ts";

/** One choice of a select: what people read and the value the select sends back. */
interface Choice {
  readonly label: string;
  readonly value: string;
}

/** An option; its text is cut to Slack's 75 characters. `value` must already fit (≤ 150). */
function option(choice: Choice): PlainTextOption {
  const text = oneLine(choice.label);
  return {
    text: plainText(text === "" ? choice.value : text, SLACK.optionText),
    value: choice.value,
  };
}

/** Values Slack accepts in an option and that cannot be mistaken for "Any …". */
function usableValue(value: string): boolean {
  return value !== "" && value !== ANY && value.length <= SLACK.optionValue;
}

/** The choices without unusable or repeated values, in their order. */
function usable(choices: readonly Choice[]): Choice[] {
  const seen = new Set<string>();
  return choices.filter((choice) => {
    if (!usableValue(choice.value) || seen.has(choice.value)) return false;
    seen.add(choice.value);
    return true;
  });
}

/**
 * "Any …" followed by the choices, at most Slack's 100 options in all; the current value is
 * always among them (replacing the last one shown if need be) so the select can show it.
 */
function choiceOptions(
  anyLabel: string,
  choices: readonly Choice[],
  current: Choice | undefined,
): { options: PlainTextOption[]; initial: PlainTextOption } {
  const room = SLACK.selectOptions - 1;
  let shown = usable(choices).slice(0, room);
  if (current && usableValue(current.value) && !shown.some((c) => c.value === current.value)) {
    shown = [...shown.slice(0, room - 1), current];
  }
  const any = option({ label: anyLabel, value: ANY });
  const options = [any, ...shown.map(option)];
  const initial = options.find((o) => current !== undefined && o.value === current.value) ?? any;
  return { options, initial };
}

function staticSelect(input: {
  actionId: string;
  anyLabel: string;
  choices: readonly Choice[];
  current: Choice | undefined;
}): StaticSelect {
  const { options, initial } = choiceOptions(input.anyLabel, input.choices, input.current);
  return {
    type: "static_select",
    action_id: input.actionId,
    placeholder: plainText(input.anyLabel, SLACK.placeholder),
    options,
    initial_option: initial,
  };
}

function usersSelect(actionId: string, anyLabel: string, current: string | undefined): UsersSelect {
  return {
    type: "users_select",
    action_id: actionId,
    placeholder: plainText(anyLabel, SLACK.placeholder),
    ...(current === undefined ? {} : { initial_user: current }),
  };
}

function externalSelect(input: {
  actionId: string;
  anyLabel: string;
  current: Choice | undefined;
  minQueryLength: number;
}): ExternalSelect {
  const { current } = input;
  return {
    type: "external_select",
    action_id: input.actionId,
    placeholder: plainText(input.anyLabel, SLACK.placeholder),
    min_query_length: input.minQueryLength,
    ...(current && usableValue(current.value) ? { initial_option: option(current) } : {}),
  };
}

const ANY_TEAM = "Any team";
const ANY_ACTION = "Any action";

function actionChoice(action: ActionDefinition): Choice {
  return { label: action.title, value: action.id };
}

/** The current action filter as a choice; an action no longer configured shows its id. */
function currentAction(actions: readonly ActionDefinition[], actionId: string | undefined) {
  if (actionId === undefined) return undefined;
  const found = actions.find((action) => action.id === actionId);
  return found ? actionChoice(found) : { label: actionId, value: actionId };
}

/** More actions than a static select holds next to "Any action": the action filter searches. */
export function actionFilterSearches(actions: readonly ActionDefinition[]): boolean {
  return actions.length > SLACK.selectOptions - 1;
}

function actionSelect(actions: readonly ActionDefinition[], current: string | undefined) {
  const choice = currentAction(actions, current);
  if (actionFilterSearches(actions)) {
    return externalSelect({
      actionId: HOME_ACTION.filterAction,
      anyLabel: ANY_ACTION,
      current: choice,
      minQueryLength: 0,
    });
  }
  return staticSelect({
    actionId: HOME_ACTION.filterAction,
    anyLabel: ANY_ACTION,
    choices: actions.map(actionChoice),
    current: choice,
  });
}

function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/** A short deterministic digest, so the filter blocks get new ids whenever the filter changes. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * The block id of a filter block for this filter. Slack keeps what someone picked in a select
 * for as long as its block id stays the same, ignoring a new initial_option; a new id per filter
 * makes "Clear filters" (and any change made elsewhere) show in the selects.
 */
export function filterBlockId(base: string, filter: RequestFilter): string {
  const values = [
    filter.environment,
    filter.team,
    filter.makerId,
    filter.checkerId,
    filter.actionId,
    filter.status,
    filter.breakGlass,
    filter.createdFrom,
    filter.createdTo,
  ];
  return `${base}:${digest(JSON.stringify(values))}`;
}

/** The filter controls of "All requests": two actions blocks. */
export function filterBlocks(input: {
  readonly filter: RequestFilter;
  readonly environments: readonly string[];
  readonly actions: readonly ActionDefinition[];
}): ActionsBlock[] {
  const { filter } = input;
  const environment = staticSelect({
    actionId: HOME_ACTION.filterEnvironment,
    anyLabel: "Any environment",
    choices: input.environments.map((name) => ({ label: name, value: name })),
    current:
      filter.environment === undefined
        ? undefined
        : { label: filter.environment, value: filter.environment },
  });
  const team = externalSelect({
    actionId: HOME_ACTION.filterTeam,
    anyLabel: ANY_TEAM,
    current: filter.team === undefined ? undefined : { label: filter.team, value: filter.team },
    minQueryLength: 1,
  });
  const status = staticSelect({
    actionId: HOME_ACTION.filterStatus,
    anyLabel: "Any status",
    choices: REQUEST_STATUSES.map((s) => ({ label: statusLabel(label(s)), value: s })),
    current:
      filter.status === undefined
        ? undefined
        : { label: statusLabel(label(filter.status)), value: filter.status },
  });
  const more: ActionsBlockElement[] = [
    usersSelect(HOME_ACTION.filterMaker, "Any maker", filter.makerId),
    usersSelect(HOME_ACTION.filterChecker, "Any checker", filter.checkerId),
    status,
    button({
      text: filter.breakGlass ? ":rotating_light: Break-glass uses only" : "Break-glass uses",
      actionId: HOME_ACTION.filterBreakGlass,
      value: filter.breakGlass ? "off" : "on",
      ...(filter.breakGlass ? { style: "primary" as const } : {}),
    }),
  ];
  if (hasFilter(filter)) {
    more.push(
      button({ text: "Clear filters", actionId: HOME_ACTION.clearFilters, value: "clear" }),
    );
  }
  return [
    {
      type: "actions",
      block_id: filterBlockId(HOME_BLOCK.filters, filter),
      elements: [environment, team, actionSelect(input.actions, filter.actionId)],
    },
    { type: "actions", block_id: filterBlockId(HOME_BLOCK.filtersMore, filter), elements: more },
  ];
}

/**
 * One team as an option of the team filter; undefined when the name is longer than an option
 * value allows (it could not be sent back whole) or empty.
 */
export function teamOption(team: string): PlainTextOption | undefined {
  return usableValue(team) ? option({ label: team, value: team }) : undefined;
}

/**
 * The options of the team filter (an external_select) for a block_suggestion: "Any team" first,
 * then the teams found. A team name longer than an option value allows is left out: it could
 * not be sent back whole.
 */
export function renderTeamOptions(teams: readonly string[]): { options: PlainTextOption[] } {
  const choices = usable(teams.map((team) => ({ label: team, value: team })));
  const any = option({ label: ANY_TEAM, value: ANY });
  return { options: [any, ...choices.slice(0, SLACK.selectOptions - 1).map(option)] };
}

/**
 * The options of the action filter when it searches (more than 99 actions): "Any action", then
 * the actions whose title or id contains `query` (case-insensitive), by title.
 */
export function renderActionOptions(
  actions: readonly ActionDefinition[],
  query: string,
): { options: PlainTextOption[] } {
  const wanted = query.trim().toLowerCase();
  const found = actions
    .filter(
      (action) =>
        wanted === "" ||
        action.title.toLowerCase().includes(wanted) ||
        action.id.toLowerCase().includes(wanted),
    )
    .sort((a, b) => a.title.localeCompare(b.title));
  const any = option({ label: ANY_ACTION, value: ANY });
  const choices = usable(found.map(actionChoice)).slice(0, SLACK.selectOptions - 1);
  return { options: [any, ...choices.map(option)] };
}
