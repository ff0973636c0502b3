/**
 * What a person's answers in a modal look like to the app: `view.state.values`, shaped per element
 * type exactly as Slack sends it, plus the checks Slack's client makes before it lets them submit.
 */
import { elementsOf, isObject, STATEFUL_ELEMENTS } from "./block-kit-elements.ts";

type Json = Record<string, unknown>;

/**
 * An answer for one element: text or a number for text inputs, an option value for selects and
 * radio buttons, user/conversation ids, "YYYY-MM-DD" dates, arrays for multi-selects and
 * checkboxes (or a boolean for a single checkbox). null clears the element.
 */
export type Answer = string | number | boolean | readonly string[] | null;
/** Keyed by block_id; an actions block holding several elements takes `{ [action_id]: answer }`. */
export type Answers = Record<string, Answer | Record<string, Answer>>;
export type StateValues = Record<string, Record<string, Json>>;

interface ViewLike {
  blocks?: unknown;
  state?: { values?: StateValues };
}

function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) => (isObject(group) ? (group.options ?? []) : []))
    : [];
  return [...direct, ...grouped].filter(isObject);
}

export function findOption(element: Json, value: unknown, where: string): Json {
  const options = optionsOf(element);
  const option = options.find((candidate) => candidate.value === value);
  if (!option) {
    const known = options.map((candidate) => JSON.stringify(candidate.value)).join(", ");
    throw new Error(`${where}: no option with value ${JSON.stringify(value)} (options: ${known})`);
  }
  return structuredClone(option);
}

function asList(answer: Answer, where: string): string[] {
  if (Array.isArray(answer)) return [...answer];
  throw new Error(`${where}: expected an array of values, got ${JSON.stringify(answer)}`);
}

function asText(answer: Answer, where: string): string {
  if (typeof answer === "string" || typeof answer === "number") return String(answer);
  throw new Error(`${where}: expected text, got ${JSON.stringify(answer)}`);
}

/** The state fields of one element, from an answer or, when unanswered, from its initial value. */
export function elementState(element: Json, answer: Answer | undefined, where: string): Json {
  const type = element.type as string;
  const given = answer !== undefined;
  const pick = <T>(fromAnswer: (a: Answer) => T, initial: unknown, empty: unknown) => {
    if (given) return answer === null ? empty : fromAnswer(answer);
    return initial ?? empty;
  };
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return { type, value: pick((a) => asText(a, where), element.initial_value, null) };
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return {
        type,
        selected_option: pick((a) => findOption(element, a, where), element.initial_option, null),
      };
    case "multi_static_select":
    case "multi_external_select":
      return {
        type,
        selected_options: pick(
          (a) => asList(a, where).map((value) => findOption(element, value, where)),
          element.initial_options,
          [],
        ),
      };
    case "checkboxes": {
      const chosen = (a: Answer) => {
        if (typeof a !== "boolean") return asList(a, where);
        const only = optionsOf(element);
        if (only.length !== 1) throw new Error(`${where}: a boolean needs exactly one checkbox`);
        return a ? [only[0]?.value as string] : [];
      };
      return {
        type,
        selected_options: pick(
          (a) => chosen(a).map((value) => findOption(element, value, where)),
          element.initial_options,
          [],
        ),
      };
    }
    case "users_select":
      return { type, selected_user: pick((a) => asText(a, where), element.initial_user, null) };
    case "multi_users_select":
      return { type, selected_users: pick((a) => asList(a, where), element.initial_users, []) };
    case "conversations_select":
      return {
        type,
        selected_conversation: pick((a) => asText(a, where), element.initial_conversation, null),
      };
    case "multi_conversations_select":
      return {
        type,
        selected_conversations: pick((a) => asList(a, where), element.initial_conversations, []),
      };
    case "channels_select":
      return {
        type,
        selected_channel: pick((a) => asText(a, where), element.initial_channel, null),
      };
    case "multi_channels_select":
      return {
        type,
        selected_channels: pick((a) => asList(a, where), element.initial_channels, []),
      };
    case "datepicker":
      return { type, selected_date: pick((a) => asText(a, where), element.initial_date, null) };
    case "timepicker":
      return { type, selected_time: pick((a) => asText(a, where), element.initial_time, null) };
    case "datetimepicker":
      return {
        type,
        selected_date_time: pick((a) => Number(a), element.initial_date_time, null),
      };
    default:
      throw new Error(`${where}: element type ${type} holds no state`);
  }
}

function answerFor(
  block: Json,
  element: Json,
  answers: Answers,
  stateful: number,
): Answer | undefined {
  const answer = answers[block.block_id as string];
  const perAction = block.type === "actions" && isObject(answer) && !Array.isArray(answer);
  if (perAction) return (answer as Record<string, Answer>)[element.action_id as string];
  if (block.type === "actions" && stateful > 1 && answer !== undefined) {
    throw new Error(`block ${block.block_id}: answer with { [action_id]: answer }`);
  }
  return answer as Answer | undefined;
}

/**
 * Builds `view.state.values` for the answers, on top of what the view's state already holds.
 * Throws on answers Slack's client could not produce (unknown block, missing option, …).
 */
export function fillView(view: ViewLike, answers: Answers = {}): StateValues {
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  const known = new Set(blocks.map((block) => block.block_id));
  for (const blockId of Object.keys(answers)) {
    if (!known.has(blockId)) {
      throw new Error(`No block with block_id ${blockId} (blocks: ${[...known].join(", ")})`);
    }
  }
  const previous = view.state?.values ?? {};
  const values: StateValues = {};
  for (const block of blocks) {
    const blockId = block.block_id as string;
    const stateful = elementsOf(block).filter((e) => STATEFUL_ELEMENTS.has(e.type as string));
    for (const element of stateful) {
      const actionId = element.action_id as string;
      const where = `block ${blockId} / ${actionId}`;
      const answer = answerFor(block, element, answers, stateful.length);
      const kept = previous[blockId]?.[actionId];
      values[blockId] ??= {};
      values[blockId][actionId] =
        answer === undefined && kept ? kept : elementState(element, answer, where);
    }
  }
  return values;
}

function isEmpty(state: Json | undefined): boolean {
  if (!state) return true;
  const { type: _type, ...fields } = state;
  return Object.values(fields).every((v) => v === null || (Array.isArray(v) && v.length === 0));
}

function inputProblems(label: string, element: Json, state: Json): string[] {
  const value = state.value;
  const chosen = Object.values(state).find(Array.isArray);
  const max = element.max_selected_items;
  if (chosen && typeof max === "number" && chosen.length > max) {
    return [`${label}: allows at most ${max} choices`];
  }
  if (typeof value !== "string") return [];
  const problems: string[] = [];
  const chars = [...value].length;
  if (typeof element.min_length === "number" && chars < element.min_length) {
    problems.push(`${label}: needs at least ${element.min_length} characters`);
  }
  if (typeof element.max_length === "number" && chars > element.max_length) {
    problems.push(`${label}: allows at most ${element.max_length} characters`);
  }
  if (element.type === "number_input") {
    const number = Number(value);
    if (value.trim() === "" || Number.isNaN(number)) problems.push(`${label}: not a number`);
    else if (element.is_decimal_allowed !== true && !Number.isInteger(number)) {
      problems.push(`${label}: whole numbers only`);
    } else if (element.min_value !== undefined && number < Number(element.min_value)) {
      problems.push(`${label}: below the minimum ${element.min_value}`);
    } else if (element.max_value !== undefined && number > Number(element.max_value)) {
      problems.push(`${label}: above the maximum ${element.max_value}`);
    }
  }
  if (element.type === "email_text_input" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
    problems.push(`${label}: not an email address`);
  }
  if (element.type === "url_text_input" && !URL.canParse(value)) {
    problems.push(`${label}: not a URL`);
  }
  return problems;
}

/** What Slack's client would refuse to submit: empty required inputs and values out of bounds. */
export function clientSideProblems(view: ViewLike, values: StateValues): string[] {
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  const problems: string[] = [];
  for (const block of blocks) {
    if (block.type !== "input" || !isObject(block.element)) continue;
    const element = block.element;
    const label = `input ${block.block_id}`;
    const state = values[block.block_id as string]?.[element.action_id as string];
    if (isEmpty(state)) {
      if (block.optional !== true) problems.push(`${label}: required but empty`);
      continue;
    }
    problems.push(...inputProblems(label, element, state as Json));
  }
  return problems;
}
