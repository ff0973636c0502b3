import type { InputBlock } from "@slack/types";
import { formatDuration } from "../../core/duration.ts";
import { environmentLabel } from "../../factory/environment-label.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { LIMITS } from "../../requests/field-limits.ts";
import type { EffectiveRule } from "../../requests/rules.ts";
import { ACTION, BLOCK, INPUT } from "../ids.ts";
import { describePrincipals } from "../mentions.ts";
import { plainText, SLACK, safe, truncate } from "./blocks.ts";
import { input, option, placeholder } from "./modal-inputs.ts";

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
  const line = `*In ${safe(environmentLabel(action, rule.environment), 100)}*: ${facts.join(" · ")}`;
  return rule.warning ? `${line}\n:warning: ${safe(rule.warning, 500)}` : line;
}

export function environmentInput(
  action: ActionDefinition,
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
  // Shown by label ("Production"), stored by id ("production").
  const choices = environments
    .filter((id) => id.length <= SLACK.optionValue)
    .slice(0, SLACK.selectOptions)
    .map((id) => option(environmentLabel(action, id), id));
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
