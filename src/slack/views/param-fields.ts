import type { InputBlock, InputBlockElement } from "@slack/types";
import { formatHint } from "../../factory/pattern.ts";
import type { ParamSpec } from "../../factory/types.ts";
import { INPUT, paramBlockId } from "../ids.ts";
import { isUserId, SLACK, truncate } from "./blocks.ts";
import { input, option, options, placeholder } from "./modal-inputs.ts";

/** The inputs of an action's own params (actions.yml `params`), one per param. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

function textElement(spec: ParamSpec, text: string | undefined): InputBlockElement {
  const { min, max } = lengthBounds(spec);
  return {
    type: "plain_text_input",
    action_id: INPUT,
    ...(spec.type === "textarea" ? { multiline: true } : {}),
    ...(min !== undefined ? { min_length: min } : {}),
    max_length: max,
    ...(text !== undefined ? { initial_value: truncate(text, max) } : {}),
    ...placeholder(spec.placeholder),
  };
}

function numberElement(spec: ParamSpec, text: string | undefined): InputBlockElement {
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
    ...placeholder(spec.placeholder),
  };
}

function checkboxElement(prefill: unknown): InputBlockElement {
  // The field's label asks the question; the box only answers it, so the label is said once.
  const box = option("Yes", "true");
  const checked =
    prefill === true || (typeof prefill === "string" && /^(true|yes|on|1)$/i.test(prefill));
  return {
    type: "checkboxes",
    action_id: INPUT,
    options: [box],
    ...(checked ? { initial_options: [box] } : {}),
  };
}

function paramElement(spec: ParamSpec, prefill: unknown): InputBlockElement {
  const text = textOf(prefill);
  const hintText = placeholder(spec.placeholder);
  switch (spec.type) {
    case "text":
    case "textarea":
      return textElement(spec, text);
    case "number":
    case "integer":
      return numberElement(spec, text);
    case "boolean":
      return checkboxElement(prefill);
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

/** The input for one param, prefilled with `prefill` when the element can show it. */
export function paramInput(spec: ParamSpec, prefill: unknown): InputBlock {
  return input(paramBlockId(spec.name), spec.label, paramElement(spec, prefill), {
    // A required checkbox would force "yes"; unchecked is the answer "no", so it stays optional.
    optional: !spec.required || spec.type === "boolean",
    hint: formatHint(spec),
  });
}
