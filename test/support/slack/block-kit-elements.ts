/**
 * Composition objects and interactive elements, checked the way Slack's API checks them.
 * Problems are phrased like Slack's own: `message [json-pointer:/path]`.
 */

export type Surface = "message" | "modal" | "home";

export interface Checker {
  surface: Surface;
  problems: string[];
}

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function report(c: Checker, pointer: string, message: string): void {
  c.problems.push(`${message} [json-pointer:${pointer}]`);
}

/** Slack counts characters, not UTF-16 units. */
function length(text: string): number {
  return [...text].length;
}

export function checkString(
  c: Checker,
  value: unknown,
  pointer: string,
  { max, required = false, min = 0 }: { max: number; required?: boolean; min?: number },
): value is string {
  if (value === undefined) {
    if (required) report(c, pointer, "is required");
    return false;
  }
  if (typeof value !== "string") {
    report(c, pointer, "must be a string");
    return false;
  }
  if (length(value) < min) report(c, pointer, `must be at least ${min} characters`);
  if (length(value) > max) report(c, pointer, `must be at most ${max} characters`);
  return true;
}

function checkBoolean(c: Checker, value: unknown, pointer: string): void {
  if (value !== undefined && typeof value !== "boolean") report(c, pointer, "must be a boolean");
}

export function checkText(
  c: Checker,
  value: unknown,
  pointer: string,
  {
    max,
    plainOnly = false,
    required = true,
  }: { max: number; plainOnly?: boolean; required?: boolean },
): void {
  if (value === undefined) {
    if (required) report(c, pointer, "is required");
    return;
  }
  if (!isObject(value)) {
    report(c, pointer, "must be a text object");
    return;
  }
  if (value.type !== "plain_text" && (plainOnly || value.type !== "mrkdwn")) {
    report(
      c,
      `${pointer}/type`,
      plainOnly ? "must be plain_text" : "must be either plain_text or mrkdwn",
    );
  }
  if (value.type === "mrkdwn" && value.emoji !== undefined) {
    report(c, `${pointer}/emoji`, "is only allowed on plain_text");
  }
  checkString(c, value.text, `${pointer}/text`, { max, min: 1, required: true });
  checkBoolean(c, value.emoji, `${pointer}/emoji`);
}

/** Text of an option, compared the way Slack matches initial options against options. */
function optionKey(option: unknown): string {
  if (!isObject(option)) return "";
  const text = isObject(option.text) ? option.text.text : undefined;
  return JSON.stringify([option.value, text]);
}

function checkOption(c: Checker, option: unknown, pointer: string, plainOnly: boolean): void {
  if (!isObject(option)) {
    report(c, pointer, "must be an option object");
    return;
  }
  checkText(c, option.text, `${pointer}/text`, { max: 75, plainOnly });
  checkString(c, option.value, `${pointer}/value`, { max: 150, required: true });
  checkText(c, option.description, `${pointer}/description`, {
    max: 75,
    plainOnly,
    required: false,
  });
  checkString(c, option.url, `${pointer}/url`, { max: 3000 });
}

/** Returns the options found (flattening option_groups) so initial options can be matched. */
function checkOptions(
  c: Checker,
  element: Json,
  pointer: string,
  { max, min = 1, plainOnly = true, groups = false }: OptionRules,
): unknown[] {
  if (groups && element.option_groups !== undefined) {
    if (element.options !== undefined) report(c, pointer, "options and option_groups both given");
    if (!Array.isArray(element.option_groups)) {
      report(c, `${pointer}/option_groups`, "must be an array");
      return [];
    }
    const all: unknown[] = [];
    element.option_groups.forEach((group, i) => {
      const at = `${pointer}/option_groups/${i}`;
      if (!isObject(group)) {
        report(c, at, "must be an option group");
        return;
      }
      checkText(c, group.label, `${at}/label`, { max: 75, plainOnly: true });
      all.push(...checkOptionList(c, group.options, `${at}/options`, { max: 100, plainOnly }));
    });
    return all;
  }
  return checkOptionList(c, element.options, `${pointer}/options`, { max, min, plainOnly });
}

interface OptionRules {
  max: number;
  min?: number;
  plainOnly?: boolean;
  groups?: boolean;
}

function checkOptionList(
  c: Checker,
  options: unknown,
  pointer: string,
  { max, min = 1, plainOnly = true }: OptionRules,
): unknown[] {
  if (!Array.isArray(options)) {
    report(c, pointer, "is required and must be an array");
    return [];
  }
  if (options.length < min) report(c, pointer, `must have at least ${min} items`);
  if (options.length > max) report(c, pointer, `must have at most ${max} items`);
  options.forEach((option, i) => {
    checkOption(c, option, `${pointer}/${i}`, plainOnly);
  });
  return options;
}

function checkInitialOptions(c: Checker, element: Json, pointer: string, options: unknown[]) {
  const known = new Set(options.map(optionKey));
  if (element.initial_option !== undefined && !known.has(optionKey(element.initial_option))) {
    report(c, `${pointer}/initial_option`, "must exactly match one of the options");
  }
  if (element.initial_options !== undefined) {
    if (!Array.isArray(element.initial_options)) {
      report(c, `${pointer}/initial_options`, "must be an array");
      return;
    }
    element.initial_options.forEach((option, i) => {
      if (!known.has(optionKey(option))) {
        report(c, `${pointer}/initial_options/${i}`, "must exactly match one of the options");
      }
    });
  }
}

function checkConfirm(c: Checker, confirm: unknown, pointer: string): void {
  if (confirm === undefined) return;
  if (!isObject(confirm)) {
    report(c, pointer, "must be a confirmation dialog object");
    return;
  }
  checkText(c, confirm.title, `${pointer}/title`, { max: 100, plainOnly: true });
  checkText(c, confirm.text, `${pointer}/text`, { max: 300 });
  checkText(c, confirm.confirm, `${pointer}/confirm`, { max: 30, plainOnly: true });
  checkText(c, confirm.deny, `${pointer}/deny`, { max: 30, plainOnly: true });
  checkStyle(c, confirm.style, `${pointer}/style`);
}

function checkStyle(c: Checker, style: unknown, pointer: string): void {
  if (style !== undefined && style !== "primary" && style !== "danger") {
    report(c, pointer, "must be either primary or danger");
  }
}

function checkPlaceholder(c: Checker, element: Json, pointer: string): void {
  checkText(c, element.placeholder, `${pointer}/placeholder`, {
    max: 150,
    plainOnly: true,
    required: false,
  });
}

function checkImage(c: Checker, image: Json, pointer: string): void {
  if (image.image_url === undefined && image.slack_file === undefined) {
    report(c, `${pointer}/image_url`, "is required (or slack_file)");
  }
  checkString(c, image.image_url, `${pointer}/image_url`, { max: 3000 });
  checkString(c, image.alt_text, `${pointer}/alt_text`, { max: 2000, required: true });
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

type ElementCheck = (c: Checker, element: Json, pointer: string) => void;

function selectCheck(multi: boolean): ElementCheck {
  return (c, element, pointer) => {
    checkPlaceholder(c, element, pointer);
    const options = checkOptions(c, element, pointer, { max: 100, groups: true });
    checkInitialOptions(c, element, pointer, options);
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
    if (multi && element.max_selected_items !== undefined) {
      const max = element.max_selected_items;
      if (typeof max !== "number" || !Number.isInteger(max) || max < 1) {
        report(c, `${pointer}/max_selected_items`, "must be an integer of at least 1");
      }
    }
  };
}

function pickerCheck(field: string, pattern: RegExp, format: string): ElementCheck {
  return (c, element, pointer) => {
    checkPlaceholder(c, element, pointer);
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
    const initial = element[field];
    if (initial !== undefined && (typeof initial !== "string" || !pattern.test(initial))) {
      report(c, `${pointer}/${field}`, `must be formatted as ${format}`);
    }
  };
}

function textInputCheck(c: Checker, element: Json, pointer: string): void {
  checkPlaceholder(c, element, pointer);
  checkString(c, element.initial_value, `${pointer}/initial_value`, { max: 3000 });
}

const ELEMENT_CHECKS: Record<string, ElementCheck> = {
  button(c, element, pointer) {
    checkText(c, element.text, `${pointer}/text`, { max: 75, plainOnly: true });
    checkString(c, element.value, `${pointer}/value`, { max: 2000 });
    checkString(c, element.url, `${pointer}/url`, { max: 3000 });
    checkString(c, element.accessibility_label, `${pointer}/accessibility_label`, { max: 75 });
    checkStyle(c, element.style, `${pointer}/style`);
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
  },
  static_select: selectCheck(false),
  multi_static_select: selectCheck(true),
  external_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  multi_external_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  users_select(c, element, pointer) {
    checkPlaceholder(c, element, pointer);
    checkString(c, element.initial_user, `${pointer}/initial_user`, { max: 255 });
  },
  multi_users_select(c, element, pointer) {
    checkPlaceholder(c, element, pointer);
    if (element.initial_users !== undefined && !Array.isArray(element.initial_users)) {
      report(c, `${pointer}/initial_users`, "must be an array");
    }
  },
  conversations_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  multi_conversations_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  channels_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  multi_channels_select: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  datepicker: pickerCheck("initial_date", ISO_DATE, "YYYY-MM-DD"),
  timepicker: pickerCheck("initial_time", TIME, "HH:mm"),
  datetimepicker(c, element, pointer) {
    const initial = element.initial_date_time;
    if (initial !== undefined && (typeof initial !== "number" || !Number.isInteger(initial))) {
      report(c, `${pointer}/initial_date_time`, "must be a UNIX timestamp in seconds");
    }
  },
  checkboxes(c, element, pointer) {
    const options = checkOptions(c, element, pointer, { max: 10, plainOnly: false });
    checkInitialOptions(c, element, pointer, options);
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
  },
  radio_buttons(c, element, pointer) {
    const options = checkOptions(c, element, pointer, { max: 10, plainOnly: false });
    checkInitialOptions(c, element, pointer, options);
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
  },
  overflow(c, element, pointer) {
    checkOptions(c, element, pointer, { max: 5 });
    checkConfirm(c, element.confirm, `${pointer}/confirm`);
  },
  plain_text_input(c, element, pointer) {
    textInputCheck(c, element, pointer);
    checkBoolean(c, element.multiline, `${pointer}/multiline`);
    const { min_length: min, max_length: max } = element;
    if (max !== undefined && (typeof max !== "number" || max < 1 || max > 3000)) {
      report(c, `${pointer}/max_length`, "must be a number from 1 to 3000");
    }
    if (min !== undefined && (typeof min !== "number" || min < 0 || min > 3000)) {
      report(c, `${pointer}/min_length`, "must be a number from 0 to 3000");
    }
    if (typeof min === "number" && typeof max === "number" && min > max) {
      report(c, `${pointer}/min_length`, "must not be greater than max_length");
    }
  },
  email_text_input: textInputCheck,
  url_text_input: textInputCheck,
  number_input(c, element, pointer) {
    checkPlaceholder(c, element, pointer);
    if (typeof element.is_decimal_allowed !== "boolean") {
      report(c, `${pointer}/is_decimal_allowed`, "is required and must be a boolean");
    }
    for (const field of ["initial_value", "min_value", "max_value"]) {
      const value = element[field];
      if (value !== undefined && (typeof value !== "string" || !NUMBER.test(value))) {
        report(c, `${pointer}/${field}`, "must be a number formatted as a string");
      }
    }
  },
  rich_text_input: (c, element, pointer) => checkPlaceholder(c, element, pointer),
  image: checkImage,
};

/** Elements whose choice Slack keeps in `view.state.values`. */
export const STATEFUL_ELEMENTS = new Set(
  Object.keys(ELEMENT_CHECKS).filter((type) => !["button", "overflow", "image"].includes(type)),
);

const INTERACTIVE = Object.keys(ELEMENT_CHECKS).filter((type) => type !== "image");
const INPUT_ONLY = [
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
  "rich_text_input",
];

/** Which element types each place in a block accepts. */
export const ELEMENTS_ALLOWED = {
  accessory: [...INTERACTIVE.filter((t) => !INPUT_ONLY.includes(t)), "image"],
  actions: INTERACTIVE,
  input: INTERACTIVE.filter((t) => t !== "button" && t !== "overflow"),
} as const;

export function checkElement(
  c: Checker,
  element: unknown,
  pointer: string,
  allowed: readonly string[],
): void {
  if (!isObject(element)) {
    report(c, pointer, "must be an element object");
    return;
  }
  const type = element.type;
  if (typeof type !== "string" || !allowed.includes(type)) {
    report(c, `${pointer}/type`, `unsupported element type ${JSON.stringify(type)} here`);
    return;
  }
  if (type !== "image") {
    checkString(c, element.action_id, `${pointer}/action_id`, { max: 255, min: 1 });
    checkBoolean(c, element.focus_on_load, `${pointer}/focus_on_load`);
  }
  ELEMENT_CHECKS[type]?.(c, element, pointer);
}

/** The interactive elements a block holds, wherever the block type keeps them. */
export function elementsOf(block: unknown): Json[] {
  if (!isObject(block)) return [];
  const found: unknown[] = [];
  if (block.type === "actions" && Array.isArray(block.elements)) found.push(...block.elements);
  if (block.accessory !== undefined) found.push(block.accessory);
  if (block.element !== undefined) found.push(block.element);
  return found.filter(isObject);
}
