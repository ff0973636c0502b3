import { describe, expect, it } from "vitest";
import type { ParamSpec } from "../../../src/factory/types.ts";
import { INPUT, paramBlockId } from "../../../src/slack/ids.ts";
import { paramInput } from "../../../src/slack/views/param-fields.ts";
import { action, everyType } from "./fixtures.ts";

/** A param as actions.yml's loader leaves it: optional and not sensitive unless told. */
function spec(changes: Partial<ParamSpec> & Pick<ParamSpec, "type">): ParamSpec {
  return { name: "p", label: "P", required: false, sensitive: false, ...changes };
}

const element = (param: ParamSpec, prefill?: unknown) =>
  paramInput(param, prefill).element as unknown as Record<string, unknown>;

describe("paramInput: the element for each param type", () => {
  const params = new Map(
    action({ id: "every-type", params: everyType }).params.map((p) => [p.name, p]),
  );
  const of = (name: string) => element(params.get(name) as ParamSpec);

  it.each<[string, Record<string, unknown>]>([
    [
      "note",
      {
        type: "plain_text_input",
        min_length: 2,
        max_length: 3000,
        placeholder: { text: "A note" },
      },
    ],
    ["details", { type: "plain_text_input", multiline: true, max_length: 3000 }],
    [
      "amount",
      { type: "number_input", is_decimal_allowed: true, min_value: "0.5", max_value: "99.5" },
    ],
    ["days", { type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "90" }],
    [
      "notify",
      // The label says it once; the box only answers it.
      { type: "checkboxes", options: [{ text: { text: "Yes" }, value: "true" }] },
    ],
    ["plan", { type: "static_select", options: [{ value: "free" }, { value: "pro" }] }],
    ["owner", { type: "users_select" }],
    ["until", { type: "datepicker" }],
    ["link", { type: "url_text_input" }],
    ["contact", { type: "email_text_input" }],
  ])("%s", (name, expected) => {
    expect(of(name)).toMatchObject({ action_id: INPUT, ...expected });
  });

  it("names the block after the param, labels it, and shows its hint", () => {
    expect(paramInput(params.get("details") as ParamSpec, undefined)).toMatchObject({
      type: "input",
      block_id: paramBlockId("details"),
      label: { text: "Details" },
      hint: { text: "All of it" },
    });
  });

  it("shows a boolean's label once: on the field, not again on its box", () => {
    const notify = paramInput(params.get("notify") as ParamSpec, undefined);
    expect(JSON.stringify(notify).split("Notify customer")).toHaveLength(2);
  });
});

describe("paramInput: format hints", () => {
  const hintOf = (changes: Partial<ParamSpec>) =>
    paramInput(spec({ type: "text", label: "Invoice ID", ...changes }), undefined).hint?.text;

  it.each<[string, Partial<ParamSpec>, string | undefined]>([
    [
      "the param's own hint",
      { pattern: "^in_[A-Za-z0-9]+$", hint: "Like in_1A2b3C" },
      "Like in_1A2b3C",
    ],
    [
      "the pattern in words",
      { pattern: "^in_[A-Za-z0-9]+$" },
      "Starts with in_, then letters and digits",
    ],
    ["counts", { pattern: "^[A-Z]{2}\\d{6,8}$" }, "2 capital letters, then 6 to 8 digits"],
    ["a partial range", { pattern: "^[0-9a-f]{32}$" }, "32 digits or letters a–f"],
    ["nothing for a pattern it cannot word", { pattern: "^(EU|US)-\\d+$" }, undefined],
    ["nothing without a pattern", {}, undefined],
  ])("%s", (_name, changes, hint) => {
    expect(hintOf(changes)).toBe(hint);
  });
});

describe("paramInput: prefills", () => {
  it.each<[string, ParamSpec, unknown, Record<string, unknown>]>([
    ["text as it is", spec({ type: "text" }), "hello", { initial_value: "hello" }],
    ["a number as text", spec({ type: "text" }), 42, { initial_value: "42" }],
    ["text cut to its max", spec({ type: "text", max: 5 }), "abcdefgh", { initial_value: "abcd…" }],
    ["a decimal", spec({ type: "number" }), 2.5, { initial_value: "2.5" }],
    ["an integer as given", spec({ type: "integer" }), 7, { initial_value: "7" }],
    ["a number given as text", spec({ type: "integer" }), "12", { initial_value: "12" }],
    [
      "a select's offered value",
      spec({ type: "select", options: ["a", "b"] }),
      "b",
      { initial_option: { value: "b" } },
    ],
    ["a user id", spec({ type: "user" }), "U0OWNER", { initial_user: "U0OWNER" }],
    ["an ISO date", spec({ type: "date" }), "2026-04-01", { initial_date: "2026-04-01" }],
    [
      "a url",
      spec({ type: "url" }),
      "https://example.com",
      { initial_value: "https://example.com" },
    ],
    ["an email", spec({ type: "email" }), "a@example.com", { initial_value: "a@example.com" }],
  ])("shows %s", (_name, param, prefill, expected) => {
    expect(element(param, prefill)).toMatchObject(expected);
  });

  it.each<[string, ParamSpec, unknown, string]>([
    ["an empty text", spec({ type: "text" }), "", "initial_value"],
    ["an object as text", spec({ type: "text" }), { a: 1 }, "initial_value"],
    ["infinity", spec({ type: "number" }), Number.POSITIVE_INFINITY, "initial_value"],
    ["NaN", spec({ type: "number" }), Number.NaN, "initial_value"],
    [
      "a value the select does not offer",
      spec({ type: "select", options: ["a"] }),
      "gold",
      "initial_option",
    ],
    ["a name where a user id goes", spec({ type: "user" }), "alice", "initial_user"],
    ["a date that is not ISO", spec({ type: "date" }), "soon", "initial_date"],
    ["a date with a time", spec({ type: "date" }), "2026-04-01T10:00", "initial_date"],
  ])("never preselects %s", (_name, param, prefill, property) => {
    expect(element(param, prefill)).not.toHaveProperty(property);
  });

  it.each<[unknown, boolean]>([
    [true, true],
    ["true", true],
    ["YES", true],
    ["on", true],
    ["1", true],
    [false, false],
    ["false", false],
    ["no", false],
    [1, false],
    ["", false],
    [undefined, false],
  ])("a checkbox prefilled with %j is checked: %s", (prefill, checked) => {
    const box = element(spec({ type: "boolean", label: "Notify" }), prefill);
    expect(box.initial_options).toEqual(checked ? box.options : undefined);
  });
});

describe("paramInput: bounds", () => {
  it.each<[string, ParamSpec, Record<string, unknown>]>([
    ["text without bounds: Slack's 3000", spec({ type: "text" }), { max_length: 3000 }],
    ["a text max over Slack's is Slack's", spec({ type: "text", max: 5000 }), { max_length: 3000 }],
    ["a text min of 0 is no min", spec({ type: "text", min: 0, max: 10 }), { max_length: 10 }],
    [
      "a text min over its max is its max",
      spec({ type: "text", min: 50, max: 10 }),
      { min_length: 10, max_length: 10 },
    ],
    [
      "integer bounds round inwards",
      spec({ type: "integer", min: 1.2, max: 9.8 }),
      { min_value: "2", max_value: "9" },
    ],
    [
      "number bounds as given",
      spec({ type: "number", min: -1.5, max: 0 }),
      { min_value: "-1.5", max_value: "0" },
    ],
  ])("%s", (_name, param, expected) => {
    const shown = element(param);
    expect(shown).toMatchObject(expected);
    if (!("min_length" in expected)) expect(shown).not.toHaveProperty("min_length");
  });

  it("a number without bounds has none", () => {
    const shown = element(spec({ type: "number" }));
    expect(shown).not.toHaveProperty("min_value");
    expect(shown).not.toHaveProperty("max_value");
  });
});

describe("paramInput: required or optional", () => {
  it.each<[ParamSpec["type"], boolean, boolean]>([
    ["text", true, false],
    ["text", false, true],
    ["select", true, false],
    ["integer", true, false],
    // A required checkbox would force "yes": unchecked is the answer "no".
    ["boolean", true, true],
    ["boolean", false, true],
  ])("%s, required %s: optional %s", (type, required, optional) => {
    expect(paramInput(spec({ type, required }), undefined).optional ?? false).toBe(optional);
  });
});
