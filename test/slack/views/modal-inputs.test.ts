import { describe, expect, it } from "vitest";
import { input, option, options, placeholder } from "../../../src/slack/views/modal-inputs.ts";

const TEXT = { type: "plain_text_input", action_id: "input" } as const;

describe("option and options", () => {
  it("cuts an option's text to Slack's 75 characters, never its value", () => {
    expect(option("t".repeat(80), "v".repeat(80))).toEqual({
      text: { type: "plain_text", text: `${"t".repeat(74)}…`, emoji: true },
      value: "v".repeat(80),
    });
  });

  it.each<[string, string[], string[]]>([
    ["keeps every short value, in order", ["b", "a"], ["b", "a"]],
    ["drops a value over Slack's 150 characters", ["a", "x".repeat(151), "b"], ["a", "b"]],
    ["keeps a value of exactly 150", ["x".repeat(150)], ["x".repeat(150)]],
    ["keeps nothing of nothing", [], []],
  ])("%s", (_name, values, kept) => {
    expect(options(values).map((o) => o.value)).toEqual(kept);
  });

  it("offers at most 100 options, the first ones", () => {
    const values = Array.from({ length: 130 }, (_, i) => `v${i}`);
    const offered = options(values);
    expect(offered).toHaveLength(100);
    expect(offered.at(-1)?.value).toBe("v99");
  });
});

describe("input", () => {
  it.each<[string, Parameters<typeof input>[3], Record<string, unknown>]>([
    ["no extras: required, no hint, no dispatch", undefined, {}],
    ["optional", { optional: true }, { optional: true }],
    ["optional false says nothing", { optional: false }, {}],
    ["a hint", { hint: "Why" }, { hint: { type: "plain_text", text: "Why", emoji: true } }],
    ["an empty hint says nothing", { hint: "" }, {}],
    ["dispatch", { dispatch: true }, { dispatch_action: true }],
  ])("%s", (_name, extras, expected) => {
    expect(input("block", "Label", TEXT, extras)).toEqual({
      type: "input",
      block_id: "block",
      label: { type: "plain_text", text: "Label", emoji: true },
      element: TEXT,
      ...expected,
    });
  });

  it("cuts a label to Slack's 2000 characters", () => {
    expect(input("b", "L".repeat(2500), TEXT).label.text).toHaveLength(2000);
  });
});

describe("placeholder", () => {
  it.each<[string | undefined, Record<string, unknown>]>([
    [undefined, {}],
    ["", {}],
    ["e.g. Acme", { placeholder: { type: "plain_text", text: "e.g. Acme", emoji: true } }],
  ])("%j", (text, expected) => {
    expect(placeholder(text)).toEqual(expected);
  });
});
