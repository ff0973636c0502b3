/**
 * Interactive elements and their confirm dialogs as one-line text: `[ Approve ] (primary)`,
 * `[ Production ▾ ]`, `☑ Notify customer`, `[ ____ ]`.
 */
import { type Names, plainText, textObject } from "./mrkdwn-text.ts";

export type Obj = Readonly<Record<string, unknown>>;

export function obj(value: unknown): Obj {
  return typeof value === "object" && value !== null ? (value as Obj) : {};
}

export function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** How many options of a menu are listed before "… N more". */
const MAX_OPTIONS = 12;

function optionText(option: Obj, names: Names): string {
  return textObject(option.text, names);
}

/** "a · b · c", or "Group: a · b | Other: c" for grouped options; capped at MAX_OPTIONS. */
function optionList(element: Obj, names: Names): string {
  const groups = list(element.option_groups);
  if (groups.length > 0) {
    return groups
      .map((g) => `${textObject(g.label, names)}: ${capped(list(g.options), names)}`)
      .join(" | ");
  }
  return capped(list(element.options), names);
}

function capped(options: Obj[], names: Names): string {
  const shown = options.slice(0, MAX_OPTIONS).map((o) => optionText(o, names));
  const rest = options.length - shown.length;
  return rest > 0 ? `${shown.join(" · ")} · … ${rest} more` : shown.join(" · ");
}

function placeholderOf(element: Obj, names: Names): string {
  const text = textObject(element.placeholder, names);
  return text ? `"${text}"` : "";
}

function person(id: unknown, names: Names): string {
  return typeof id === "string" ? `@${names[id] ?? id}` : "";
}

/** A menu: `[ chosen ▾ ]`, or `[ "placeholder" ▾ ]` when nothing is chosen yet. */
function menu(chosen: string, element: Obj, names: Names, extra = ""): string {
  const shown = chosen || placeholderOf(element, names) || "choose";
  return `[ ${shown} ▾ ]${extra}`;
}

function secondsToUtc(value: unknown): string {
  if (typeof value !== "number") return "";
  return `${new Date(value * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A text box: `[ value ]`, or `[ ____ "placeholder" ]`; `(several lines)` when multiline. */
function textBox(element: Obj, names: Names, kind = ""): string {
  const value = str(element.initial_value);
  const inside = value !== undefined ? value : `____ ${placeholderOf(element, names)}`.trim();
  const notes: string[] = [];
  if (kind) notes.push(kind);
  if (element.multiline === true) notes.push("several lines");
  const min = element.min_value ?? element.min_length;
  const max = element.max_value ?? element.max_length;
  if (element.type === "number_input" && (min !== undefined || max !== undefined)) {
    notes.push(`${min ?? "…"} to ${max ?? "…"}`);
  }
  return `[ ${inside} ]${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

function choices(element: Obj, names: Names, on: string, off: string): string {
  const picked = new Set(
    [...list(element.initial_options), obj(element.initial_option)].map((o) => str(o.value)),
  );
  return list(element.options)
    .map((o) => `${picked.has(str(o.value)) ? on : off} ${optionText(o, names)}`)
    .join("   ");
}

/** One element of an actions block, an input or an accessory, as text. */
export function elementText(element: Obj, names: Names): string {
  switch (element.type) {
    case "button": {
      const style = str(element.style);
      const url = str(element.url);
      return `[ ${plainText(textObject(element.text, names))} ]${style ? ` (${style})` : ""}${url ? ` → ${url}` : ""}`;
    }
    case "static_select":
      return `${menu(optionText(obj(element.initial_option), names), element, names)} options: ${optionList(element, names)}`;
    case "multi_static_select": {
      const chosen = list(element.initial_options).map((o) => optionText(o, names));
      return `${menu(chosen.join(", "), element, names)} options: ${optionList(element, names)}`;
    }
    case "external_select":
    case "multi_external_select":
      return menu(optionText(obj(element.initial_option), names), element, names, " (search)");
    case "users_select":
      return menu(person(element.initial_user, names), element, names, " (a person)");
    case "multi_users_select": {
      const chosen = (Array.isArray(element.initial_users) ? element.initial_users : [])
        .map((id) => person(id, names))
        .join(", ");
      const max = element.max_selected_items;
      return menu(chosen, element, names, ` (people${max ? `, up to ${max}` : ""})`);
    }
    case "conversations_select":
    case "channels_select":
      return menu(
        str(element.initial_conversation ?? element.initial_channel) ?? "",
        element,
        names,
      );
    case "overflow":
      return `[ ⋯ ] options: ${optionList(element, names)}`;
    case "datepicker":
      return `[ 📅 ${str(element.initial_date) ?? (placeholderOf(element, names) || "date")} ]`;
    case "datetimepicker":
      return `[ 📅 ${secondsToUtc(element.initial_date_time) || "date and time"} ]`;
    case "timepicker":
      return `[ 🕒 ${str(element.initial_time) ?? "time"} ]`;
    case "plain_text_input":
      return textBox(element, names);
    case "number_input":
      return textBox(
        element,
        names,
        element.is_decimal_allowed === true ? "number" : "whole number",
      );
    case "url_text_input":
      return textBox(element, names, "link");
    case "email_text_input":
      return textBox(element, names, "email");
    case "checkboxes":
      return choices(element, names, "☑", "☐");
    case "radio_buttons":
      return choices(element, names, "◉", "○");
    case "image":
      return `[image: ${str(element.alt_text) ?? ""}]`;
    default:
      return `[${String(element.type)}]`;
  }
}

/** The dialog a confirm object opens, as indented lines; none without one. */
export function confirmLines(element: Obj, names: Names): string[] {
  if (element.confirm === undefined) return [];
  const confirm = obj(element.confirm);
  const yes = textObject(confirm.confirm, names) || "Yes";
  const no = textObject(confirm.deny, names) || "Cancel";
  const style = str(confirm.style);
  return [
    `  ↳ ${elementText({ ...element, confirm: undefined, url: undefined }, names)} asks first:`,
    `    ┌ ${textObject(confirm.title, names)}`,
    ...textObject(confirm.text, names)
      .split("\n")
      .map((line) => `    │ ${line}`),
    `    └ [ ${no} ]  [ ${yes} ]${style ? ` (${style})` : ""}`,
  ];
}
