import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextOption,
} from "@slack/types";
import { formatDuration } from "../../core/duration.ts";
import type { ActionDefinition, ParamSpec } from "../../factory/types.ts";
import { LIMITS } from "../../requests/field-limits.ts";
import { checkerCap, DEFAULT_LIMITS } from "../../requests/limits.ts";
import { type EffectiveRule, ruleFor } from "../../requests/rules.ts";
import { encodeRequestMetadata, type RequestModalMetadata } from "../forms/request-form.ts";
import { ACTION, BLOCK, CALLBACK, INPUT, paramBlockId } from "../ids.ts";
import { describePrincipals } from "../mentions.ts";
import { context, isUserId, plainText, SLACK, safe, section, truncate } from "./blocks.ts";

export interface RequestPrefill {
  readonly environment?: string;
  readonly team?: string;
  readonly purpose?: string;
  readonly checkerIds?: readonly string[];
  readonly params?: Record<string, unknown>;
  /** The break-glass choice as submitted, when the form is shown again. */
  readonly breakGlass?: { readonly reason: string } | undefined;
}

export interface RequestModalInput {
  /** The actions this maker may request. */
  readonly actions: readonly ActionDefinition[];
  readonly selected?: ActionDefinition;
  /** Where the selected action may run (RequestService.environmentsFor). */
  readonly environments: readonly string[];
  readonly prefill?: RequestPrefill;
  readonly metadata: RequestModalMetadata;
  /** Set when duplicating: the title says "Duplicate #N". */
  readonly duplicateOfNumber?: number;
  /** MAX_CHECKERS (RequestService.limits); DEFAULT_LIMITS' when absent. */
  readonly maxCheckers?: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * Blocks other than params: action select, description, environment, its rule, team, purpose,
 * checkers.
 */
const FIXED_BLOCKS = 7;

/** The form a maker fills in: choose an action, then its fields appear (ACTION.chooseAction). */
export function renderRequestModal(input: RequestModalInput): ModalView {
  const { selected, prefill = {} } = input;
  const title =
    input.duplicateOfNumber === undefined ? "New request" : `Duplicate #${input.duplicateOfNumber}`;
  const view: ModalView = {
    type: "modal",
    callback_id: CALLBACK.requestModal,
    title: plainText(title, SLACK.modalTitle),
    close: plainText("Cancel", SLACK.modalButton),
    private_metadata: encodeRequestMetadata({ ...input.metadata, actionId: selected?.id }),
    blocks: [],
  };
  const select = actionSelect(input.actions, selected);
  if (!select) {
    // Nothing to fill in, so no submit button: Slack allows one only with inputs anyway.
    return {
      ...view,
      blocks: [section("No actions are available to you. Ask an admin to add you as a maker.")],
    };
  }
  const blocks: KnownBlock[] = [select];
  if (selected) {
    if (selected.description) blocks.push(context(safe(selected.description, 2000)));
    const environment = chosenEnvironment(input.environments, prefill.environment);
    const rule = environment === undefined ? undefined : ruleFor(selected, environment);
    blocks.push(environmentInput(input.environments, environment ?? prefill.environment));
    if (rule) blocks.push(context(describeRule(selected, rule)));
    blocks.push(teamInput(prefill.team));
    const room = SLACK.modalBlocks - FIXED_BLOCKS - (selected.breakGlass ? 2 : 0);
    for (const spec of selected.params.slice(0, room)) {
      blocks.push(paramInput(spec, prefill.params?.[spec.name]));
    }
    blocks.push(purposeInput(prefill.purpose));
    const maxCheckers = input.maxCheckers ?? DEFAULT_LIMITS.maxCheckers;
    blocks.push(checkersInput(selected, rule, prefill.checkerIds ?? [], maxCheckers));
    if (selected.breakGlass) blocks.push(...breakGlassInputs(prefill.breakGlass));
  } else {
    blocks.push(context("Choose what you need; its fields appear here."));
  }
  return { ...view, submit: plainText("Send for approval", SLACK.modalButton), blocks };
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text, SLACK.optionText), value };
}

/** Options whose value fits Slack's limit, at most as many as a select may hold. */
function options(values: readonly string[]): PlainTextOption[] {
  return values
    .filter((value) => value.length <= SLACK.optionValue)
    .slice(0, SLACK.selectOptions)
    .map((value) => option(value, value));
}

function input(
  blockId: string,
  label: string,
  element: InputBlockElement,
  extra: { optional?: boolean; hint?: string | undefined; dispatch?: boolean } = {},
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plainText(label, SLACK.label),
    element,
    ...(extra.optional ? { optional: true } : {}),
    ...(extra.hint ? { hint: plainText(extra.hint, SLACK.hint) } : {}),
    ...(extra.dispatch ? { dispatch_action: true } : {}),
  };
}

function placeholder(text: string | undefined) {
  return text ? { placeholder: plainText(text, SLACK.placeholder) } : {};
}

function actionSelect(
  actions: readonly ActionDefinition[],
  selected: ActionDefinition | undefined,
): InputBlock | undefined {
  // The selected one may not be on the list (a duplicate of an action since restricted).
  const listed =
    selected && !actions.some((action) => action.id === selected.id)
      ? [selected, ...actions]
      : actions;
  const choices = listed
    .filter((action) => action.id.length <= SLACK.optionValue)
    .slice(0, SLACK.selectOptions)
    .map((action) => option(action.title, action.id));
  if (choices.length === 0) return undefined;
  const initial = selected ? choices.find((choice) => choice.value === selected.id) : undefined;
  return input(
    BLOCK.action,
    "What do you need?",
    {
      type: "static_select",
      action_id: ACTION.chooseAction,
      placeholder: plainText("Choose an action", SLACK.placeholder),
      options: choices,
      ...(initial ? { initial_option: initial } : {}),
    },
    { dispatch: true },
  );
}

/** The environment the form shows as chosen: the prefill if offered, else the only one. */
function chosenEnvironment(
  environments: readonly string[],
  prefill: string | undefined,
): string | undefined {
  if (environments.length === 0) return prefill || undefined;
  if (prefill && environments.includes(prefill)) return prefill;
  return environments.length === 1 ? environments[0] : undefined;
}

/** What applies where the request will run, shown as soon as the environment is chosen. */
export function describeRule(action: ActionDefinition, rule: EffectiveRule): string {
  const facts = [
    rule.approvals === 1
      ? "needs 1 approval"
      : `needs ${rule.approvals} approvals from different people`,
    rule.checkers.length > 0
      ? `checkers: ${describePrincipals(rule.checkers)}`
      : "any checker but you",
  ];
  if (rule.expireAfterMs !== null)
    facts.push(`expires ${formatDuration(rule.expireAfterMs)} after it is sent`);
  if (action.breakGlass) facts.push("break glass allowed");
  const line = `*In ${safe(rule.environment, 100)}*: ${facts.join(" · ")}`;
  return rule.warning ? `${line}\n:warning: ${safe(rule.warning, 500)}` : line;
}

function environmentInput(environments: readonly string[], prefill: string | undefined) {
  if (environments.length === 0) {
    return input(BLOCK.environment, "Environment", {
      type: "plain_text_input",
      action_id: INPUT,
      max_length: LIMITS.environment,
      ...(prefill ? { initial_value: truncate(prefill, LIMITS.environment) } : {}),
      ...placeholder("e.g. production"),
    });
  }
  const choices = options(environments);
  // The prefill if it is still offered, else the only choice there is.
  const initial =
    choices.find((choice) => choice.value === prefill) ??
    (choices.length === 1 ? choices[0] : undefined);
  // Choosing one redraws the form with that environment's rule.
  return input(
    BLOCK.environment,
    "Environment",
    {
      type: "static_select",
      action_id: INPUT,
      options: choices,
      ...(initial ? { initial_option: initial } : {}),
      ...placeholder("Where should it run?"),
    },
    { dispatch: true },
  );
}

function teamInput(prefill: string | undefined): InputBlock {
  return input(
    BLOCK.team,
    "Team or customer",
    {
      type: "plain_text_input",
      action_id: INPUT,
      max_length: LIMITS.team,
      ...(prefill ? { initial_value: truncate(prefill, LIMITS.team) } : {}),
      ...placeholder("e.g. Acme Corp"),
    },
    { hint: "Who this is for." },
  );
}

function purposeInput(prefill: string | undefined): InputBlock {
  return input(
    BLOCK.purpose,
    "Purpose",
    {
      type: "plain_text_input",
      action_id: INPUT,
      multiline: true,
      max_length: Math.min(LIMITS.purpose, SLACK.inputLength),
      ...(prefill ? { initial_value: truncate(prefill, LIMITS.purpose) } : {}),
      ...placeholder("e.g. Customer was double-charged during the outage (ticket 4821)"),
    },
    { hint: "The checker decides on this: say why it is needed." },
  );
}

function checkersInput(
  action: ActionDefinition,
  rule: EffectiveRule | undefined,
  prefill: readonly string[],
  maxCheckers: number,
): InputBlock {
  const people = prefill.filter(isUserId);
  // Before an environment is chosen, room for as many as the strictest one needs.
  const approvals =
    rule?.approvals ??
    Math.max(action.approvals, ...Object.values(action.rules).map((r) => r.approvals ?? 1));
  const restricted = (rule?.checkers ?? action.checkers).length > 0;
  // Break glass needs no checker; a named one reviews it afterwards, with the designated ones.
  // Without designated ones, the maker names the reviewers: two, unless an audit channel sees it.
  const optional = action.breakGlass;
  const glass = !optional
    ? ""
    : restricted
      ? " Not needed if you break the glass."
      : " If you break the glass, name two people to review it (one is enough when an audit channel is set up).";
  // Slack's user pickers cannot be limited to a list: the choice is checked on submit.
  const allowList = "Only approved checkers for this action may be chosen.";
  if (approvals === 1 && !(optional && !restricted)) {
    const first = people[0];
    return input(
      BLOCK.checkers,
      "Checker",
      {
        type: "users_select",
        action_id: INPUT,
        ...(first ? { initial_user: first } : {}),
        ...placeholder("Who should check this?"),
      },
      {
        hint: `${restricted ? `Someone other than you. ${allowList}` : "Someone other than you."}${glass}`,
        optional,
      },
    );
  }
  const needs =
    approvals === 1
      ? "Someone other than you."
      : rule
        ? `Needs ${approvals} approvals from different people.`
        : `Some environments need ${approvals} approvals from different people.`;
  // The core refuses more (checkerCap); Slack's picker stops the maker before they try.
  const cap = checkerCap({ maxCheckers }, approvals);
  return input(
    BLOCK.checkers,
    "Checkers",
    {
      type: "multi_users_select",
      action_id: INPUT,
      max_selected_items: cap,
      ...(people.length > 0 ? { initial_users: [...new Set(people)].slice(0, cap) } : {}),
      ...placeholder("Who should check this?"),
    },
    { hint: `${restricted ? `${needs} ${allowList}` : needs}${glass}`, optional },
  );
}

/**
 * "Break glass" and its reason: both optional to Slack, since most requests do not break it; the
 * core requires the reason once the box is ticked.
 */
function breakGlassInputs(prefill: { readonly reason: string } | undefined): InputBlock[] {
  const box = option("Break glass: run it now, without a checker", "break_glass");
  return [
    input(
      BLOCK.breakGlass,
      "Emergency?",
      {
        type: "checkboxes",
        action_id: INPUT,
        options: [box],
        ...(prefill ? { initial_options: [box] } : {}),
      },
      {
        optional: true,
        hint: "Only in an emergency: it runs at once, and the checkers review it afterwards.",
      },
    ),
    input(
      BLOCK.breakGlassReason,
      "Break-glass reason",
      {
        type: "plain_text_input",
        action_id: INPUT,
        multiline: true,
        max_length: Math.min(LIMITS.reason, SLACK.inputLength),
        ...(prefill?.reason ? { initial_value: truncate(prefill.reason, LIMITS.reason) } : {}),
        ...placeholder("e.g. Billing pipeline stuck, invoices not going out, on-call unreachable"),
      },
      { optional: true, hint: "Required if you break the glass: what is the emergency?" },
    ),
  ];
}

/** The text prefill of a param: strings and numbers as they are, nothing for anything else. */
function textOf(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function lengthBounds(spec: ParamSpec) {
  const max = Math.min(spec.max ?? SLACK.inputLength, SLACK.inputLength);
  const min = spec.min === undefined ? undefined : Math.min(spec.min, max);
  return { max, ...(min !== undefined && min > 0 ? { min } : {}) };
}

function paramElement(spec: ParamSpec, prefill: unknown): InputBlockElement {
  const text = textOf(prefill);
  const hintText = placeholder(spec.placeholder);
  switch (spec.type) {
    case "text":
    case "textarea": {
      const { min, max } = lengthBounds(spec);
      return {
        type: "plain_text_input",
        action_id: INPUT,
        ...(spec.type === "textarea" ? { multiline: true } : {}),
        ...(min !== undefined ? { min_length: min } : {}),
        max_length: max,
        ...(text !== undefined ? { initial_value: truncate(text, max) } : {}),
        ...hintText,
      };
    }
    case "number":
    case "integer": {
      const integer = spec.type === "integer";
      const min = spec.min === undefined ? undefined : integer ? Math.ceil(spec.min) : spec.min;
      const max = spec.max === undefined ? undefined : integer ? Math.floor(spec.max) : spec.max;
      return {
        type: "number_input",
        action_id: INPUT,
        is_decimal_allowed: !integer,
        ...(min !== undefined ? { min_value: String(min) } : {}),
        ...(max !== undefined ? { max_value: String(max) } : {}),
        ...(text !== undefined ? { initial_value: text } : {}),
        ...hintText,
      };
    }
    case "boolean": {
      const box = option(spec.label, "true");
      const checked =
        prefill === true || (typeof prefill === "string" && /^(true|yes|on|1)$/i.test(prefill));
      return {
        type: "checkboxes",
        action_id: INPUT,
        options: [box],
        ...(checked ? { initial_options: [box] } : {}),
      };
    }
    case "select": {
      const choices = options(spec.options ?? []);
      const initial = choices.find((choice) => choice.value === text);
      return {
        type: "static_select",
        action_id: INPUT,
        options: choices,
        ...(initial ? { initial_option: initial } : {}),
        ...hintText,
      };
    }
    case "user":
      return {
        type: "users_select",
        action_id: INPUT,
        ...(isUserId(text) ? { initial_user: text } : {}),
        ...hintText,
      };
    case "date":
      return {
        type: "datepicker",
        action_id: INPUT,
        ...(text !== undefined && ISO_DATE.test(text) ? { initial_date: text } : {}),
        ...hintText,
      };
    case "url":
      return {
        type: "url_text_input",
        action_id: INPUT,
        ...(text !== undefined ? { initial_value: truncate(text, SLACK.inputLength) } : {}),
        ...hintText,
      };
    case "email":
      return {
        type: "email_text_input",
        action_id: INPUT,
        ...(text !== undefined ? { initial_value: truncate(text, SLACK.inputLength) } : {}),
        ...hintText,
      };
  }
}

function paramInput(spec: ParamSpec, prefill: unknown): InputBlock {
  return input(paramBlockId(spec.name), spec.label, paramElement(spec, prefill), {
    // A required checkbox would force "yes"; unchecked is the answer "no", so it stays optional.
    optional: !spec.required || spec.type === "boolean",
    hint: spec.hint,
  });
}
