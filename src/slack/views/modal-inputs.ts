import type { InputBlock, InputBlockElement, PlainTextOption } from "@slack/types";
import { plainText, SLACK } from "./blocks.ts";

/** Small helpers for the inputs of a modal, within Slack's limits (blocks.ts SLACK). */

export function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text, SLACK.optionText), value };
}

/** Options whose value fits Slack's limit, at most as many as a select may hold. */
export function options(values: readonly string[]): PlainTextOption[] {
  return values
    .filter((value) => value.length <= SLACK.optionValue)
    .slice(0, SLACK.selectOptions)
    .map((value) => option(value, value));
}

export interface InputExtras {
  readonly optional?: boolean;
  readonly hint?: string | undefined;
  /** Slack tells the app as soon as the value changes (the form is redrawn). */
  readonly dispatch?: boolean;
}

export function input(
  blockId: string,
  label: string,
  element: InputBlockElement,
  extra: InputExtras = {},
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

/** An element's placeholder property, or nothing without a text. */
export function placeholder(text: string | undefined) {
  return text ? { placeholder: plainText(text, SLACK.placeholder) } : {};
}
