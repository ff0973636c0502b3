import { describe, expect, it } from "vitest";
import { validateMessage, validateView } from "../support/slack/block-kit-rules.ts";

type Json = Record<string, unknown>;

const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const section = (text = "Hello"): Json => ({ type: "section", text: mrkdwn(text) });
const button = (over: Json = {}): Json => ({
  type: "button",
  action_id: "approve",
  text: plain("Approve"),
  value: "r1",
  ...over,
});
const actions = (...elements: Json[]): Json => ({ type: "actions", elements });
const option = (value: string, text = value) => ({ text: plain(text), value });
const select = (over: Json = {}): Json => ({
  type: "static_select",
  action_id: "pick",
  options: [option("a"), option("b")],
  ...over,
});
const input = (blockId: string, element: Json, over: Json = {}): Json => ({
  type: "input",
  block_id: blockId,
  label: plain("Label"),
  element,
  ...over,
});
const textInput = (over: Json = {}): Json => ({
  type: "plain_text_input",
  action_id: "value",
  ...over,
});
const modal = (over: Json = {}): Json => ({
  type: "modal",
  title: plain("New request"),
  submit: plain("Submit"),
  close: plain("Cancel"),
  blocks: [input("reason", textInput())],
  ...over,
});
const times = <T>(n: number, make: (i: number) => T) =>
  Array.from({ length: n }, (_, i) => make(i));

describe("validateMessage", () => {
  it("accepts a typical approval message", () => {
    const blocks = [
      { type: "header", text: plain("Approval needed") },
      section("*Waive invoice* in_123"),
      { type: "section", fields: [mrkdwn("*Amount*\n10"), mrkdwn("*By*\n<@U1>")] },
      { type: "divider" },
      { type: "context", elements: [mrkdwn("Requested just now")] },
      actions(button({ style: "primary" }), button({ action_id: "reject", style: "danger" })),
      { type: "section", text: mrkdwn("Pick"), accessory: select() },
      { type: "image", image_url: "https://example.com/a.png", alt_text: "a" },
      { type: "rich_text", elements: [] },
      { type: "markdown", text: "**bold**" },
    ];
    expect(validateMessage({ text: "Approval needed", blocks })).toEqual([]);
    expect(validateMessage({ text: "just text" })).toEqual([]);
    expect(validateMessage({ blocks: JSON.stringify(blocks) })).toEqual([]);
  });

  const cases: [string, Json, string][] = [
    ["neither text nor blocks", {}, "needs text or blocks"],
    ["empty text", { text: "" }, "needs text or blocks"],
    ["text over 40000 characters", { text: "x".repeat(40_001) }, "at most 40000 characters"],
    ["more than 50 blocks", { blocks: times(51, () => section()) }, "at most 50 items"],
    ["blocks that are not JSON", { blocks: "[{" }, "must be valid JSON"],
    ["input blocks", { blocks: [input("b", textInput())] }, "only allowed in modals"],
    ["unknown block types", { blocks: [{ type: "table_of_doom" }] }, "unsupported block type"],
    [
      "block_id over 255",
      { blocks: [{ ...section(), block_id: "b".repeat(256) }] },
      "at most 255 characters [json-pointer:/blocks/0/block_id]",
    ],
    [
      "duplicate block_ids",
      {
        blocks: [
          { ...section(), block_id: "x" },
          { type: "divider", block_id: "x" },
        ],
      },
      "duplicate block_id x [json-pointer:/blocks/1/block_id]",
    ],
    [
      "duplicate action_ids in one actions block",
      { blocks: [actions(button(), button())] },
      "duplicate action_id approve",
    ],
    [
      "action_id over 255",
      { blocks: [actions(button({ action_id: "a".repeat(256) }))] },
      "/blocks/0/elements/0/action_id",
    ],
    [
      "section text over 3000",
      { blocks: [section("x".repeat(3001))] },
      "at most 3000 characters [json-pointer:/blocks/0/text/text]",
    ],
    ["section with neither text nor fields", { blocks: [{ type: "section" }] }, "text or fields"],
    [
      "more than 10 fields",
      { blocks: [{ type: "section", fields: times(11, () => mrkdwn("f")) }] },
      "at most 10 items [json-pointer:/blocks/0/fields]",
    ],
    [
      "a field over 2000",
      { blocks: [{ type: "section", fields: [mrkdwn("x".repeat(2001))] }] },
      "/blocks/0/fields/0/text",
    ],
    [
      "header text over 150",
      { blocks: [{ type: "header", text: plain("x".repeat(151)) }] },
      "at most 150 characters",
    ],
    [
      "mrkdwn in a header",
      { blocks: [{ type: "header", text: mrkdwn("*hi*") }] },
      "must be plain_text [json-pointer:/blocks/0/text/type]",
    ],
    [
      "more than 10 context elements",
      { blocks: [{ type: "context", elements: times(11, () => mrkdwn("c")) }] },
      "at most 10 items",
    ],
    [
      "more than 25 action elements",
      { blocks: [actions(...times(26, (i) => button({ action_id: `b${i}` })))] },
      "at most 25 items",
    ],
    [
      "button text over 75",
      { blocks: [actions(button({ text: plain("x".repeat(76)) }))] },
      "/blocks/0/elements/0/text/text",
    ],
    [
      "button text in mrkdwn",
      { blocks: [actions(button({ text: mrkdwn("*Go*") }))] },
      "must be plain_text",
    ],
    [
      "button value over 2000",
      { blocks: [actions(button({ value: "v".repeat(2001) }))] },
      "/blocks/0/elements/0/value",
    ],
    [
      "button url over 3000",
      { blocks: [actions(button({ url: `https://x.io/${"u".repeat(3000)}` }))] },
      "/blocks/0/elements/0/url",
    ],
    [
      "button styles other than primary or danger",
      { blocks: [actions(button({ style: "secondary" }))] },
      "must be either primary or danger",
    ],
    [
      "empty plain_text",
      { blocks: [actions(button({ text: plain("") }))] },
      "at least 1 characters",
    ],
    [
      "empty mrkdwn",
      { blocks: [section("")] },
      "at least 1 characters [json-pointer:/blocks/0/text/text]",
    ],
    [
      "text objects of unknown type",
      { blocks: [{ type: "section", text: { type: "markdown", text: "x" } }] },
      "must be either plain_text or mrkdwn",
    ],
    [
      "emoji on mrkdwn",
      { blocks: [{ type: "section", text: { ...mrkdwn("x"), emoji: true } }] },
      "only allowed on plain_text",
    ],
    [
      "unknown element types",
      { blocks: [actions({ type: "slider", action_id: "s" })] },
      "unsupported element type",
    ],
    [
      "plain_text_input outside input blocks",
      { blocks: [{ ...section(), accessory: textInput() }] },
      "unsupported element type",
    ],
    [
      "a select with no options",
      { blocks: [actions(select({ options: [] }))] },
      "at least 1 items",
    ],
    [
      "a select with over 100 options",
      { blocks: [actions(select({ options: times(101, (i) => option(`o${i}`)) }))] },
      "at most 100 items",
    ],
    [
      "option text over 75",
      { blocks: [actions(select({ options: [option("a", "x".repeat(76))] }))] },
      "/blocks/0/elements/0/options/0/text/text",
    ],
    [
      "option value over 150",
      { blocks: [actions(select({ options: [option("v".repeat(151))] }))] },
      "/blocks/0/elements/0/options/0/value",
    ],
    [
      "an initial_option that is not an option",
      { blocks: [actions(select({ initial_option: option("z") }))] },
      "must exactly match one of the options",
    ],
    [
      "an overflow with more than 5 options",
      {
        blocks: [actions({ type: "overflow", options: times(6, (i) => option(`o${i}`)) })],
      },
      "at most 5 items",
    ],
    [
      "a bad datepicker initial_date",
      { blocks: [actions({ type: "datepicker", initial_date: "01/02/2024" })] },
      "YYYY-MM-DD",
    ],
    [
      "an image without alt_text",
      { blocks: [{ type: "image", image_url: "https://example.com/a.png" }] },
      "/blocks/0/alt_text",
    ],
    [
      "blocks inside attachments",
      { attachments: [{ blocks: [{ type: "nope" }] }] },
      "/attachments/0/blocks/0/type",
    ],
  ];

  it.each(cases)("rejects %s", (_name, args, expected) => {
    const problems = validateMessage(args);
    expect(problems.join("\n")).toContain(expected);
  });
});

describe("validateView", () => {
  it("accepts a typical request modal and home tab", () => {
    const blocks = [
      input("action", select({ action_id: "action" })),
      input("reason", textInput({ multiline: true, max_length: 3000, initial_value: "x" })),
      input("amount", { type: "number_input", action_id: "value", is_decimal_allowed: false }),
      input("when", { type: "datepicker", action_id: "value" }, { optional: true }),
      input("checkers", { type: "multi_users_select", action_id: "value" }),
      input("flags", {
        type: "checkboxes",
        action_id: "value",
        options: [{ text: mrkdwn("*Urgent*"), value: "urgent" }],
      }),
      input("email", { type: "email_text_input", action_id: "value" }, { hint: plain("Work") }),
    ];
    expect(validateView(modal({ blocks, callback_id: "new_request" }))).toEqual([]);
    expect(validateView(JSON.stringify(modal()))).toEqual([]);
    expect(validateView({ type: "home", blocks: times(100, () => section()) })).toEqual([]);
  });

  it("lets separate input blocks reuse an action_id, as Slack keys state by block_id first", () => {
    const blocks = [input("a", textInput()), input("b", textInput())];
    expect(validateView(modal({ blocks }))).toEqual([]);
  });

  const cases: [string, Json, string][] = [
    ["unknown view types", { type: "dialog", blocks: [] }, "must be either modal or home"],
    [
      "a modal without title",
      modal({ title: undefined }),
      "is required [json-pointer:/view/title]",
    ],
    ["a title over 24", modal({ title: plain("x".repeat(25)) }), "/view/title/text"],
    ["a submit over 24", modal({ submit: plain("x".repeat(25)) }), "/view/submit/text"],
    ["a close over 24", modal({ close: plain("x".repeat(25)) }), "/view/close/text"],
    ["a mrkdwn title", modal({ title: mrkdwn("x") }), "must be plain_text"],
    ["inputs without submit", modal({ submit: undefined }), "required when the view has input"],
    ["callback_id over 255", modal({ callback_id: "c".repeat(256) }), "/view/callback_id"],
    [
      "private_metadata over 3000",
      modal({ private_metadata: "m".repeat(3001) }),
      "/view/private_metadata",
    ],
    ["more than 100 blocks", modal({ blocks: times(101, () => section()) }), "at most 100"],
    ["a view without blocks", modal({ blocks: undefined }), "/view/blocks"],
    [
      "an input without label",
      modal({ blocks: [input("a", textInput(), { label: undefined })] }),
      "/view/blocks/0/label",
    ],
    [
      "a label over 2000",
      modal({ blocks: [input("a", textInput(), { label: plain("x".repeat(2001)) })] }),
      "/view/blocks/0/label/text",
    ],
    [
      "a hint over 2000",
      modal({ blocks: [input("a", textInput(), { hint: plain("x".repeat(2001)) })] }),
      "/view/blocks/0/hint/text",
    ],
    [
      "an input without element",
      modal({ blocks: [input("a", textInput(), { element: undefined })] }),
      "/view/blocks/0/element",
    ],
    [
      "a button as an input element",
      modal({ blocks: [input("a", button())] }),
      "unsupported element type",
    ],
    [
      "max_length over 3000",
      modal({ blocks: [input("a", textInput({ max_length: 3001 }))] }),
      "/view/blocks/0/element/max_length",
    ],
    [
      "a non-string initial_value",
      modal({ blocks: [input("a", textInput({ initial_value: 5 }))] }),
      "/view/blocks/0/element/initial_value",
    ],
    [
      "number_input without is_decimal_allowed",
      modal({ blocks: [input("a", { type: "number_input", action_id: "n" })] }),
      "is_decimal_allowed",
    ],
    [
      "an initial_option missing from the options",
      modal({ blocks: [input("a", select({ initial_option: option("nope") }))] }),
      "must exactly match one of the options",
    ],
    [
      "duplicate block_ids",
      modal({ blocks: [input("a", textInput()), input("a", textInput())] }),
      "duplicate block_id a",
    ],
    [
      "more than 10 checkboxes",
      modal({
        blocks: [
          input("a", {
            type: "checkboxes",
            action_id: "c",
            options: times(11, (i) => option(`o${i}`)),
          }),
        ],
      }),
      "at most 10 items",
    ],
  ];

  it.each(cases)("rejects %s", (_name, view, expected) => {
    expect(validateView(view).join("\n")).toContain(expected);
  });
});
