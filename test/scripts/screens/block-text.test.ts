import { describe, expect, it } from "vitest";
import { blocksText, screenText } from "../../../scripts/screens/block-text.ts";
import { mrkdwnText, notificationText, plainText } from "../../../scripts/screens/mrkdwn-text.ts";

const NAMES = { U0MAKER: "maya", U0CHECK: "chen", S0ONCALL: "billing-oncall", C0AUDIT: "audit" };
const md = (text: string) => ({ type: "mrkdwn", text });
const pt = (text: string) => ({ type: "plain_text", text });

describe("mrkdwn as a reader sees it", () => {
  it("names people, groups and channels, and shows dates as their fallback", () => {
    expect(
      mrkdwnText(
        "<@U0MAKER> asked <@U0CHECK>, <!subteam^S0ONCALL> and <#C0AUDIT> on <!date^1772460000^{date_short_pretty} at {time}|2026-03-02 14:00 UTC>",
        NAMES,
      ),
    ).toBe("@maya asked @chen, @billing-oncall and #audit on 2026-03-02 14:00 UTC");
  });

  it("keeps an unknown id, shows links with their label, decodes entities and draws emoji", () => {
    expect(mrkdwnText("<@U9NOBODY> :tada: <https://x.test/a|the run> &lt;b&gt; &amp;", NAMES)).toBe(
      "@U9NOBODY 🎉 the run (https://x.test/a) <b> &",
    );
    expect(mrkdwnText(":not_an_emoji_we_know:", NAMES)).toBe(":not_an_emoji_we_know:");
  });

  it("leaves date tokens raw in a notification, and every token raw in plain text", () => {
    const token = "<!date^1772460000^{time}|14:00 UTC>";
    expect(notificationText(`<@U0MAKER> at ${token}`, NAMES)).toBe(`@maya at ${token}`);
    expect(plainText("<@U0MAKER> :warning:")).toBe("<@U0MAKER> ⚠️");
  });
});

describe("blocksText", () => {
  it("draws headers, sections, fields, context and dividers", () => {
    const text = blocksText(
      [
        { type: "header", text: pt("Request #12: Billing waiver") },
        { type: "section", text: md("<@U0MAKER> asks you to approve this.") },
        { type: "section", fields: [md("*Environment*\nproduction"), md("*Maker*\n<@U0MAKER>")] },
        { type: "context", elements: [md("First"), pt("second")] },
        { type: "divider" },
        { type: "image", image_url: "https://x.test/i.png", alt_text: "a chart" },
      ],
      NAMES,
    );
    expect(text).toBe(
      [
        "## Request #12: Billing waiver",
        "@maya asks you to approve this.",
        "Environment: production\nMaker: @maya",
        "_First · second_",
        "---",
        "[image: a chart]",
      ].join("\n\n"),
    );
  });

  it("draws buttons with their style, and the confirm dialog they open", () => {
    const text = blocksText(
      [
        {
          type: "actions",
          elements: [
            {
              type: "button",
              text: pt("Approve"),
              style: "primary",
              confirm: {
                title: pt("Approve #12?"),
                text: md("Run *Billing waiver*?"),
                confirm: pt("Approve"),
                deny: pt("Not yet"),
              },
            },
            { type: "button", text: pt("Decline"), style: "danger" },
            { type: "button", text: pt("Open"), url: "https://x.test" },
          ],
        },
      ],
      NAMES,
    );
    expect(text).toBe(
      [
        "[ Approve ] (primary)  [ Decline ] (danger)  [ Open ] → https://x.test",
        "  ↳ [ Approve ] (primary) asks first:",
        "    ┌ Approve #12?",
        "    │ Run *Billing waiver*?",
        "    └ [ Not yet ]  [ Approve ]",
      ].join("\n"),
    );
  });

  it("draws a section's accessory after its text", () => {
    const text = blocksText(
      [{ type: "section", text: md("*#12*"), accessory: { type: "button", text: pt("Details") } }],
      NAMES,
    );
    expect(text).toBe("*#12*\n  → [ Details ]");
  });

  it("draws inputs with their element, hint, optional mark and error", () => {
    const input = (block_id: string, label: string, element: object, extra: object = {}) => ({
      type: "input",
      block_id,
      label: pt(label),
      element,
      ...extra,
    });
    const text = blocksText(
      [
        input(
          "purpose",
          "Purpose",
          { type: "plain_text_input", multiline: true, placeholder: pt("e.g. ticket 4821") },
          { hint: pt("Say why.") },
        ),
        input("amount", "Amount", {
          type: "number_input",
          is_decimal_allowed: true,
          min_value: "0",
          max_value: "100",
          initial_value: "250",
        }),
        input(
          "env",
          "Environment",
          {
            type: "static_select",
            options: [
              { text: pt("production"), value: "production" },
              { text: pt("staging"), value: "staging" },
            ],
            initial_option: { text: pt("staging"), value: "staging" },
          },
          { optional: true },
        ),
        input("checker", "Checker", { type: "users_select", initial_user: "U0CHECK" }),
        input("people", "Checkers", {
          type: "multi_users_select",
          max_selected_items: 3,
          placeholder: pt("Who?"),
        }),
        input("glass", "Emergency?", {
          type: "checkboxes",
          options: [{ text: pt("Break glass"), value: "b" }],
          initial_options: [{ text: pt("Break glass"), value: "b" }],
        }),
        input("day", "Until", { type: "datepicker", initial_date: "2026-03-03" }),
        input("back", "Back on", { type: "datetimepicker", initial_date_time: 1772553600 }),
      ],
      NAMES,
      { amount: "Must be at most 100." },
    );
    expect(text.split("\n\n")).toEqual([
      'Purpose: [ ____ "e.g. ticket 4821" ] (several lines)\n  (Say why.)',
      "Amount: [ 250 ] (number, 0 to 100)\n  ⚠ Must be at most 100.",
      "Environment (optional): [ staging ▾ ] options: production · staging",
      "Checker: [ @chen ▾ ] (a person)",
      'Checkers: [ "Who?" ▾ ] (people, up to 3)',
      "Emergency?: ☑ Break glass",
      "Until: [ 📅 2026-03-03 ]",
      "Back on: [ 📅 2026-03-03 16:00 UTC ]",
    ]);
  });

  it("lists a long menu's first options and says how many more there are", () => {
    const options = Array.from({ length: 15 }, (_, i) => ({ text: pt(`o${i}`), value: `${i}` }));
    const text = blocksText(
      [{ type: "actions", elements: [{ type: "static_select", options }] }],
      NAMES,
    );
    expect(text).toBe(
      "[ choose ▾ ] options: o0 · o1 · o2 · o3 · o4 · o5 · o6 · o7 · o8 · o9 · o10 · o11 · … 3 more",
    );
  });

  it("names a block type it does not know instead of dropping it", () => {
    expect(blocksText([{ type: "rich_text", elements: [] }], NAMES)).toBe("[rich_text block]");
  });
});

describe("screenText", () => {
  it("starts a message with its notification text", () => {
    const text = screenText(
      {
        kind: "message",
        text: "<@U0MAKER> asks you to approve #12",
        blocks: [{ type: "section", text: md("Body") }],
      },
      NAMES,
    );
    expect(text).toBe("Notification: @maya asks you to approve #12\n\nBody");
  });

  it("shows a text-only message's text as its body too", () => {
    expect(screenText({ kind: "message", text: "#12 done by <@U0MAKER>" }, NAMES)).toBe(
      "Notification: #12 done by @maya\n\n#12 done by @maya",
    );
  });

  it("draws a modal with its title and buttons, and the App Home with its name", () => {
    const modal = {
      type: "modal",
      title: pt("Decline #12"),
      submit: pt("Decline"),
      close: pt("Back"),
      blocks: [{ type: "section", text: md("Why?") }],
    };
    expect(screenText({ kind: "view", view: modal }, NAMES)).toBe(
      "# modal: Decline #12\n\nWhy?\n\n[ Back ]  [ Decline ] (primary)",
    );
    const home = { type: "home", blocks: [{ type: "divider" }] };
    expect(screenText({ kind: "view", view: home }, NAMES)).toBe("# App Home\n\n---");
  });
});
