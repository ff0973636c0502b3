import { describe, expect, it } from "vitest";
import { parseActionParams } from "../../../src/factory/params.ts";
import {
  buttonValue,
  encodeRequestMetadata,
  fieldBlockId,
  parseDecisionButton,
  parseRequestForm,
  parseRequestMetadata,
  readSelectedActionId,
  toModalErrors,
} from "../../../src/slack/forms/request-form.ts";
import { ACTION, BLOCK, paramBlockId } from "../../../src/slack/ids.ts";
import { action, CHECKER, everyType, OTHER_CHECKER, REQUEST_ID } from "../views/fixtures.ts";

const typed = action({ id: "every-type", title: "Every type", params: everyType });

/** `view.state.values` as Slack sends them for a filled-in request modal. */
function submitted() {
  return {
    [BLOCK.action]: {
      [ACTION.chooseAction]: {
        type: "static_select",
        selected_option: { text: { type: "plain_text", text: "Every type" }, value: "every-type" },
      },
    },
    [BLOCK.environment]: {
      value: { type: "static_select", selected_option: { value: "production" } },
    },
    [BLOCK.team]: { value: { type: "plain_text_input", value: "Acme" } },
    [BLOCK.purpose]: { value: { type: "plain_text_input", value: "Outage refund" } },
    [BLOCK.checkers]: {
      value: { type: "multi_users_select", selected_users: [CHECKER, OTHER_CHECKER] },
    },
    [paramBlockId("note")]: { value: { type: "plain_text_input", value: "hello" } },
    [paramBlockId("details")]: { value: { type: "plain_text_input", value: null } },
    [paramBlockId("amount")]: { value: { type: "number_input", value: "2.5" } },
    [paramBlockId("days")]: { value: { type: "number_input", value: "7" } },
    [paramBlockId("notify")]: {
      value: { type: "checkboxes", selected_options: [{ value: "true" }] },
    },
    [paramBlockId("plan")]: { value: { type: "static_select", selected_option: null } },
    [paramBlockId("owner")]: { value: { type: "users_select", selected_user: "U0OWNER" } },
    [paramBlockId("until")]: { value: { type: "datepicker", selected_date: "2026-04-01" } },
    [paramBlockId("link")]: { value: { type: "url_text_input", value: "https://example.com" } },
    [paramBlockId("contact")]: { value: { type: "email_text_input", value: "a@example.com" } },
  };
}

describe("parseRequestForm", () => {
  it("reads every field of a submitted modal, leaving values as strings for the core", () => {
    const view = {
      state: { values: submitted() },
      private_metadata: encodeRequestMetadata({ actionId: "every-type", duplicateOfId: "d1" }),
    };
    const form = parseRequestForm(view, typed);
    expect(form).toEqual({
      actionId: "every-type",
      environment: "production",
      team: "Acme",
      purpose: "Outage refund",
      checkerIds: [CHECKER, OTHER_CHECKER],
      params: {
        note: "hello",
        details: "",
        amount: "2.5",
        days: "7",
        notify: true,
        plan: "",
        owner: "U0OWNER",
        until: "2026-04-01",
        link: "https://example.com",
        contact: "a@example.com",
      },
      duplicateOfId: "d1",
    });
    // What the core makes of it.
    expect(parseActionParams(typed, form.params)).toEqual({
      ok: true,
      value: {
        note: "hello",
        amount: 2.5,
        days: 7,
        notify: true,
        owner: "U0OWNER",
        until: "2026-04-01",
        link: "https://example.com",
        contact: "a@example.com",
      },
    });
  });

  it("reads an unchecked checkbox as false and a single checker as a list", () => {
    const values = {
      ...submitted(),
      [BLOCK.checkers]: { value: { type: "users_select", selected_user: CHECKER } },
      [paramBlockId("notify")]: { value: { type: "checkboxes", selected_options: [] } },
    };
    const form = parseRequestForm({ state: { values } }, typed);
    expect(form.checkerIds).toEqual([CHECKER]);
    expect(form.params.notify).toBe(false);
  });

  it("turns malformed or missing input into empty values instead of throwing", () => {
    const broken = [
      null,
      "nope",
      [],
      { [BLOCK.team]: "x", [BLOCK.purpose]: { value: { type: "plain_text_input", value: 42 } } },
      { [BLOCK.checkers]: { value: { type: "multi_users_select", selected_users: "U1" } } },
      { [paramBlockId("note")]: { value: { type: "mystery", value: "x" } } },
    ];
    for (const values of broken) {
      const form = parseRequestForm({ state: { values }, private_metadata: "{bad json" }, typed);
      expect(form.actionId).toBe("every-type");
      expect(form.environment).toBe("");
      expect(form.team).toBe("");
      expect(form.purpose).toBe("");
      expect(form.checkerIds).toEqual([]);
      expect(form.params.note).toBe("");
      expect(form.duplicateOfId).toBeUndefined();
    }
  });

  it("takes the action from the select, else from the metadata; reads params without one", () => {
    const values = {
      [paramBlockId("account")]: { value: { type: "plain_text_input", value: "acc_1" } },
      [paramBlockId("flag")]: { value: { type: "checkboxes", selected_options: [] } },
      other: { value: { type: "plain_text_input", value: "ignored" } },
    };
    const fromMetadata = { state: { values }, private_metadata: '{"actionId":"gone"}' };
    expect(readSelectedActionId(fromMetadata)).toBe("gone");
    expect(parseRequestForm(fromMetadata, undefined)).toMatchObject({
      actionId: "gone",
      params: { account: "acc_1", flag: false },
    });
    expect(readSelectedActionId({ state: { values: submitted() } })).toBe("every-type");
    expect(readSelectedActionId({ state: { values: {} } })).toBeUndefined();
  });
});

describe("request modal metadata", () => {
  it("round-trips and reads anything malformed as empty", () => {
    const metadata = { actionId: "a", duplicateOfId: "d", channelId: "C1" };
    expect(parseRequestMetadata(encodeRequestMetadata(metadata))).toEqual(metadata);
    expect(parseRequestMetadata(encodeRequestMetadata({}))).toEqual({});
    for (const bad of [undefined, "", "{", "[]", '{"actionId":3}', "null"]) {
      expect(parseRequestMetadata(bad)).toEqual({});
    }
  });

  it("drops a channel that is not a channel id, keeping the rest", () => {
    for (const channelId of ["U0MAKER", "C0<!here>", "c0lower", "C".repeat(60), 7]) {
      expect(parseRequestMetadata(JSON.stringify({ actionId: "a", channelId }))).toEqual({
        actionId: "a",
      });
    }
    expect(parseRequestMetadata(JSON.stringify({ channelId: "D0DM12345" }))).toEqual({
      channelId: "D0DM12345",
    });
  });
});

describe("modal errors", () => {
  it("puts each refusal field under the block that shows it", () => {
    expect(fieldBlockId("environment")).toBe(BLOCK.environment);
    expect(fieldBlockId("checkers")).toBe(BLOCK.checkers);
    expect(fieldBlockId("params")).toBe(BLOCK.action);
    expect(fieldBlockId("amount")).toBe(paramBlockId("amount"));
    expect(
      toModalErrors({
        amount: "Amount must be a number",
        team: "Say which team or customer this is for.",
        purpose: "Say why this is needed: the checker decides on it.",
        params: "Params must be an object",
      }),
    ).toEqual({
      [paramBlockId("amount")]: "Amount must be a number",
      [BLOCK.team]: "Say which team or customer this is for.",
      [BLOCK.purpose]: "Say why this is needed: the checker decides on it.",
      [BLOCK.action]: "Params must be an object",
    });
  });
});

describe("decision buttons", () => {
  it("carry the request id and reject anything else", () => {
    expect(parseDecisionButton(buttonValue(REQUEST_ID))).toEqual({ requestId: REQUEST_ID });
    for (const bad of [undefined, null, 12, "", "12", "not-a-uuid", { requestId: REQUEST_ID }]) {
      expect(parseDecisionButton(bad)).toBeNull();
    }
  });
});
