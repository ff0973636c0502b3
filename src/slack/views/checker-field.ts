import type { InputBlock, InputBlockElement } from "@slack/types";
import type { ActionDefinition } from "../../factory/types.ts";
import { checkerCap } from "../../requests/limits.ts";
import type { EffectiveRule } from "../../requests/rules.ts";
import { BLOCK, INPUT } from "../ids.ts";
import { isUserId, SLACK } from "./blocks.ts";
import { input, option, placeholder } from "./modal-inputs.ts";

/**
 * Who approves: the allowed people in a select when the action has an allow-list and they could
 * be listed, else Slack's people picker (the choice is then checked on submit).
 */

/** The people the checker field may offer instead of the whole workspace (an allow-list). */
export interface CheckerOption {
  readonly id: string;
  readonly name: string;
}

export function checkersInput(
  action: ActionDefinition,
  rule: EffectiveRule | undefined,
  prefill: readonly string[],
  maxCheckers: number,
  choices?: readonly CheckerOption[],
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
  // The allowed people when they could be listed; else the workspace, checked on submit.
  const listed = restricted && choices !== undefined && choices.length > 0 ? choices : undefined;
  const allowList = listed
    ? "Only the approved checkers are listed."
    : "Only approved checkers for this action may be chosen.";
  const single = approvals === 1 && !(optional && !restricted);
  const needs =
    approvals === 1
      ? "Someone other than you."
      : rule
        ? `Needs ${approvals} approvals from different people.`
        : `Some environments need ${approvals} approvals from different people.`;
  const hint = `${restricted ? `${needs} ${allowList}` : needs}${glass}`;
  const label = single ? "Checker" : "Checkers";
  // The core refuses more (checkerCap); Slack's picker stops the maker before they try.
  const cap = checkerCap({ maxCheckers }, approvals);
  const element = listed
    ? listedElement(listed, people, single, cap)
    : pickerElement(people, single, cap);
  return input(BLOCK.checkers, label, element, { hint, optional });
}

function pickerElement(people: readonly string[], single: boolean, cap: number): InputBlockElement {
  const first = people[0];
  if (single) {
    return {
      type: "users_select",
      action_id: INPUT,
      ...(first ? { initial_user: first } : {}),
      ...placeholder("Who should approve this?"),
    };
  }
  return {
    type: "multi_users_select",
    action_id: INPUT,
    max_selected_items: cap,
    ...(people.length > 0 ? { initial_users: [...new Set(people)].slice(0, cap) } : {}),
    ...placeholder("Who should approve this?"),
  };
}

function listedElement(
  choices: readonly CheckerOption[],
  people: readonly string[],
  single: boolean,
  cap: number,
): InputBlockElement {
  const offered = choices
    .filter((choice) => choice.id.length <= SLACK.optionValue)
    .slice(0, SLACK.selectOptions)
    .map((choice) => option(choice.name, choice.id));
  // A prefill the list does not offer (no longer allowed) is left for the maker to replace.
  const chosen = [...new Set(people)]
    .map((id) => offered.find((choice) => choice.value === id))
    .filter((choice) => choice !== undefined);
  if (single) {
    const first = chosen[0];
    return {
      type: "static_select",
      action_id: INPUT,
      options: offered,
      ...(first ? { initial_option: first } : {}),
      ...placeholder("Who should approve this?"),
    };
  }
  return {
    type: "multi_static_select",
    action_id: INPUT,
    options: offered,
    max_selected_items: Math.min(cap, offered.length),
    ...(chosen.length > 0 ? { initial_options: chosen.slice(0, cap) } : {}),
    ...placeholder("Who should approve this?"),
  };
}
