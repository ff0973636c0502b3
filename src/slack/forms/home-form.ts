import { z } from "zod";
import { LIMITS } from "../../requests/field-limits.ts";
import { type PageCursor, type RequestFilter, startOfDay } from "../../requests/request-query.ts";
import { REQUEST_STATUSES } from "../../requests/status.ts";
import { HOME_ACTION } from "../ids.ts";

/** Slack's limit on a view's private_metadata. */
const PRIVATE_METADATA = 3000;

/** The option value of "Any environment", "Any team", …: choosing it removes that filter. */
export const ANY = "any";

/** The value of the "← Newer" button that goes back to the first page (no boundary to give). */
export const FIRST_PAGE = "first";

/** Longest value kept for each text filter. */
export const FILTER_BOUNDS = {
  environment: LIMITS.environment,
  team: LIMITS.team,
  makerId: 64,
  checkerId: 64,
  actionId: 100,
} as const;

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Each filter's value on its own: trimmed, non-empty, bounded. */
const FILTER_VALUES = {
  environment: z.string().trim().min(1).max(FILTER_BOUNDS.environment),
  team: z.string().trim().min(1).max(FILTER_BOUNDS.team),
  makerId: z.string().trim().max(FILTER_BOUNDS.makerId).regex(USER_ID),
  checkerId: z.string().trim().max(FILTER_BOUNDS.checkerId).regex(USER_ID),
  actionId: z.string().trim().min(1).max(FILTER_BOUNDS.actionId),
  status: z.enum(REQUEST_STATUSES),
} as const;

/** A UTC day as a datepicker sends it: "2026-03-01", a real date. */
const DAY = z.string().refine((day) => startOfDay(day) !== null);

/** An optional filter field; "" (after trimming) reads as "not set". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );
}

const boundary = z.number().int().positive().optional();

/** What the Home tab carries between renders in `private_metadata`: the filter and the page. */
export const HomeState = z.object({
  filter: z
    .object({
      environment: optional(FILTER_VALUES.environment),
      team: optional(FILTER_VALUES.team),
      makerId: optional(FILTER_VALUES.makerId),
      checkerId: optional(FILTER_VALUES.checkerId),
      actionId: optional(FILTER_VALUES.actionId),
      status: optional(FILTER_VALUES.status),
      breakGlass: z.literal(true).optional().catch(undefined),
      createdFrom: DAY.optional().catch(undefined),
      createdTo: DAY.optional().catch(undefined),
    })
    .default({}),
  cursor: z.object({ olderThan: boundary, newerThan: boundary }).default({}),
});
export interface HomeState {
  readonly filter: RequestFilter;
  readonly cursor: PageCursor;
}

/** No filter, first page. */
export const EMPTY_HOME_STATE: HomeState = Object.freeze({
  filter: Object.freeze({}),
  cursor: Object.freeze({}),
});

type TextFilterKey = keyof typeof FILTER_BOUNDS;
const TEXT_KEYS = Object.keys(FILTER_BOUNDS) as TextFilterKey[];

/** `text` cut to at most `max` UTF-16 units, between code points; no ellipsis (it is a value). */
function cut(text: string, max: number): string {
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out.trim();
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** Whether any filter is set. */
export function hasFilter(filter: RequestFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

/**
 * The state as private_metadata: always valid for parseHomeState and within Slack's 3000
 * characters. Over-long filter values are cut; values that could never match are dropped.
 */
export function encodeHomeState(state: HomeState): string {
  const filter: Record<string, string> = {};
  for (const key of TEXT_KEYS) {
    const value = state.filter[key];
    if (typeof value !== "string") continue;
    const kept = cut(value.trim(), FILTER_BOUNDS[key]);
    if (FILTER_VALUES[key].safeParse(kept).success) filter[key] = kept;
  }
  const status = FILTER_VALUES.status.safeParse(state.filter.status);
  if (status.success) filter.status = status.data;
  const flags: { breakGlass?: true; createdFrom?: string; createdTo?: string } = state.filter
    .breakGlass
    ? { breakGlass: true }
    : {};
  for (const key of ["createdFrom", "createdTo"] as const) {
    const day = DAY.safeParse(state.filter[key]);
    if (day.success) flags[key] = day.data;
  }
  const cursor: Record<string, number> = {};
  for (const key of ["olderThan", "newerThan"] as const) {
    const value = state.cursor[key];
    if (boundary.safeParse(value).success && value !== undefined) cursor[key] = value;
  }
  let text = JSON.stringify({ filter: { ...filter, ...flags }, cursor });
  // Only text that JSON escapes heavily (quotes, control characters) can get here.
  while (text.length > PRIVATE_METADATA) {
    const longest = TEXT_KEYS.filter((key) => filter[key] !== undefined).sort(
      (a, b) => JSON.stringify(filter[b]).length - JSON.stringify(filter[a]).length,
    )[0];
    if (longest === undefined) break;
    const value = filter[longest] ?? "";
    const half = cut(value, Math.floor(value.length / 2));
    if (half !== "" && FILTER_VALUES[longest].safeParse(half).success) filter[longest] = half;
    else delete filter[longest];
    text = JSON.stringify({ filter: { ...filter, ...flags }, cursor });
  }
  return text;
}

/** The Home state in `text` (private_metadata); no filter and the first page when malformed. */
export function parseHomeState(text?: string): HomeState {
  if (!text) return EMPTY_HOME_STATE;
  try {
    const parsed = HomeState.safeParse(JSON.parse(text));
    if (!parsed.success) return EMPTY_HOME_STATE;
    return {
      filter: withoutUndefined(parsed.data.filter),
      cursor: withoutUndefined(parsed.data.cursor),
    };
  } catch {
    return EMPTY_HOME_STATE;
  }
}

/** Which filter each select of the Home tab sets. */
const FILTER_OF_ACTION: Readonly<Record<string, keyof typeof FILTER_VALUES>> = {
  [HOME_ACTION.filterEnvironment]: "environment",
  [HOME_ACTION.filterTeam]: "team",
  [HOME_ACTION.filterMaker]: "makerId",
  [HOME_ACTION.filterChecker]: "checkerId",
  [HOME_ACTION.filterAction]: "actionId",
  [HOME_ACTION.filterStatus]: "status",
};

/** A static or external select as Slack sends it in block_actions; cleared: no option. */
const selectAction = z.object({
  type: z.enum(["static_select", "external_select"]),
  selected_option: z.object({ value: z.string() }).nullish(),
});

const usersSelectAction = z.object({
  type: z.literal("users_select"),
  selected_user: z.string().nullish(),
});

export interface FilterChange {
  readonly key: keyof RequestFilter;
  /** undefined: the filter is removed ("Any …" chosen, the select cleared, a toggle off). */
  readonly value: string | true | undefined;
}

/** A datepicker's change; cleared: no date. */
const datepickerAction = z.object({ type: z.literal("datepicker"), selected_date: DAY.nullish() });

const DATE_FILTERS: Readonly<Record<string, "createdFrom" | "createdTo">> = {
  [HOME_ACTION.filterFrom]: "createdFrom",
  [HOME_ACTION.filterTo]: "createdTo",
};

const toggleAction = z.object({ type: z.literal("button"), value: z.enum(["on", "off"]) });

/**
 * The filter a Home select sets, from one element of a block_actions payload (`body.actions[0]`);
 * null when `actionId` is not a filter or the payload is malformed.
 */
export function filterChange(actionId: string, action: unknown): FilterChange | null {
  const day = Object.hasOwn(DATE_FILTERS, actionId) ? DATE_FILTERS[actionId] : undefined;
  if (day !== undefined) {
    const parsed = datepickerAction.safeParse(action);
    if (!parsed.success) return null;
    const picked = parsed.data.selected_date ?? undefined;
    return { key: day, value: picked };
  }
  if (actionId === HOME_ACTION.filterBreakGlass) {
    const parsed = toggleAction.safeParse(action);
    if (!parsed.success) return null;
    return { key: "breakGlass", value: parsed.data.value === "on" ? true : undefined };
  }
  if (!Object.hasOwn(FILTER_OF_ACTION, actionId)) return null;
  const key = FILTER_OF_ACTION[actionId];
  if (key === undefined) return null;
  let raw: string | null | undefined;
  if (key === "makerId" || key === "checkerId") {
    const parsed = usersSelectAction.safeParse(action);
    if (!parsed.success) return null;
    raw = parsed.data.selected_user;
  } else {
    const parsed = selectAction.safeParse(action);
    if (!parsed.success) return null;
    raw = parsed.data.selected_option?.value;
  }
  const text = raw?.trim() ?? "";
  if (text === "" || text === ANY) return { key, value: undefined };
  const value = FILTER_VALUES[key].safeParse(text);
  return value.success ? { key, value: value.data } : null;
}

/** The state after a filter change: the new filter, back on the first page. */
export function applyFilterChange(state: HomeState, change: FilterChange): HomeState {
  const merged = { ...state.filter, [change.key]: change.value };
  const parsed = HomeState.safeParse({ filter: merged, cursor: {} });
  if (!parsed.success) return { filter: state.filter, cursor: {} };
  return { filter: withoutUndefined(parsed.data.filter), cursor: {} };
}

const pageNumber = z.coerce.number().int().positive();

/**
 * The page a "← Newer" / "Older →" button asks for, from its action id and value (a request
 * number: the first or last of the page shown); null for anything else.
 */
export function pageCursor(actionId: string, value: unknown): PageCursor | null {
  if (actionId !== HOME_ACTION.newerPage && actionId !== HOME_ACTION.olderPage) return null;
  if (actionId === HOME_ACTION.newerPage && value === FIRST_PAGE) return {};
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) return null;
  const number = pageNumber.safeParse(value);
  if (!number.success) return null;
  return actionId === HOME_ACTION.newerPage
    ? { newerThan: number.data }
    : { olderThan: number.data };
}
