import { z } from "zod";

/**
 * Reads `view.state.values` as Slack sends them, with zod: a malformed block, an element of an
 * unexpected type or a missing value reads as undefined, never as a throw.
 */

/** What one input element holds: text, a list of ids, or checked / not checked. */
export type ElementValue = string | string[] | boolean;

const TEXT_INPUTS = [
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
] as const;
const SINGLE_SELECTS = ["static_select", "external_select", "radio_buttons"] as const;
const MULTI_SELECTS = ["multi_static_select", "multi_external_select"] as const;

const option = z.object({ value: z.string() });

const elementState = z.discriminatedUnion("type", [
  z.object({ type: z.enum(TEXT_INPUTS), value: z.string().nullish() }),
  z.object({ type: z.enum(SINGLE_SELECTS), selected_option: option.nullish() }),
  z.object({ type: z.enum(MULTI_SELECTS), selected_options: z.array(option).nullish() }),
  z.object({ type: z.literal("users_select"), selected_user: z.string().nullish() }),
  z.object({
    type: z.literal("multi_users_select"),
    selected_users: z.array(z.string()).nullish(),
  }),
  z.object({ type: z.literal("datepicker"), selected_date: z.string().nullish() }),
  z.object({
    type: z.literal("datetimepicker"),
    selected_date_time: z.number().int().nonnegative().nullish(),
  }),
  z.object({ type: z.literal("checkboxes"), selected_options: z.array(option).nullish() }),
]);

const record = z.record(z.string(), z.unknown());

function entry(object: unknown, key: string): unknown {
  const parsed = record.safeParse(object);
  return parsed.success && Object.hasOwn(parsed.data, key) ? parsed.data[key] : undefined;
}

/** The block ids present in `values` (none when it is malformed). */
export function blockIds(values: unknown): string[] {
  const parsed = record.safeParse(values);
  return parsed.success ? Object.keys(parsed.data) : [];
}

/** The value of element `actionId` in block `blockId`, or undefined when absent or malformed. */
export function readElement(
  values: unknown,
  blockId: string,
  actionId: string,
): ElementValue | undefined {
  const parsed = elementState.safeParse(entry(entry(values, blockId), actionId));
  if (!parsed.success) return undefined;
  const state = parsed.data;
  switch (state.type) {
    case "users_select":
      return state.selected_user ?? "";
    case "multi_users_select":
      return state.selected_users ?? [];
    case "datepicker":
      return state.selected_date ?? "";
    case "datetimepicker":
      // Unix seconds, as text like every other single value.
      return state.selected_date_time == null ? "" : String(state.selected_date_time);
    case "checkboxes":
      return (state.selected_options ?? []).length > 0;
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return state.selected_option?.value ?? "";
    case "multi_static_select":
    case "multi_external_select":
      return (state.selected_options ?? []).map((selected) => selected.value);
    default:
      return state.value ?? "";
  }
}

/** A text value, or "" for anything else. */
export function readText(values: unknown, blockId: string, actionId: string): string {
  const value = readElement(values, blockId, actionId);
  return typeof value === "string" ? value : "";
}

/** A list of ids from a single or multi select, without empty entries. */
export function readList(values: unknown, blockId: string, actionId: string): string[] {
  const value = readElement(values, blockId, actionId);
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  return list.filter((item) => item !== "");
}
