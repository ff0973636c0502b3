import type { InputBlock } from "@slack/types";
import { formatDuration } from "../../core/duration.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { LIMITS } from "../../requests/field-limits.ts";
import { checkerCap } from "../../requests/limits.ts";
import type { EffectiveRule } from "../../requests/rules.ts";
import { ACTION, BLOCK, INPUT } from "../ids.ts";
import { describePrincipals } from "../mentions.ts";
import { isUserId, plainText, SLACK, safe, truncate } from "./blocks.ts";
import { input, option, options, placeholder } from "./modal-inputs.ts";

/**
 * The fields every request has, whatever its action: the action itself, where it runs and its
 * rule, who it is for, why, who checks it, and the break-glass choice.
 */

export function actionSelect(
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
export function chosenEnvironment(
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

export function environmentInput(
  environments: readonly string[],
  prefill: string | undefined,
): InputBlock {
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

export function teamInput(prefill: string | undefined): InputBlock {
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

export function purposeInput(prefill: string | undefined): InputBlock {
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

export function checkersInput(
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
export function breakGlassInputs(prefill: { readonly reason: string } | undefined): InputBlock[] {
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
