import { describe, expect, it } from "vitest";
import { clientSideProblems } from "../support/slack/fill-view.ts";
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  eventCallback,
  fillView,
  nowTs,
  slashCommandPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from "../support/slack/payloads.ts";

const plain = (text: string) => ({ type: "plain_text", text });
const option = (value: string) => ({ text: plain(value.toUpperCase()), value });
const input = (blockId: string, element: Record<string, unknown>, optional = false) => ({
  type: "input",
  block_id: blockId,
  label: plain(blockId),
  element: { action_id: "value", ...element },
  optional,
});

const view = {
  id: "V0VIEW",
  type: "modal",
  blocks: [
    input("action", { type: "static_select", options: [option("waive"), option("delete")] }),
    input("reason", { type: "plain_text_input", max_length: 10 }),
    input("amount", { type: "number_input", is_decimal_allowed: false, max_value: "100" }),
    input("checkers", { type: "multi_users_select" }, true),
    input("reviewer", { type: "users_select" }, true),
    input("when", { type: "datepicker" }, true),
    input("urgent", { type: "checkboxes", options: [option("yes")] }, true),
    input("prefilled", { type: "plain_text_input", initial_value: "kept" }, true),
    { type: "section", block_id: "note", text: { type: "mrkdwn", text: "Note" } },
  ],
  state: { values: {} },
};

describe("fillView", () => {
  it("shapes state.values per element type, like Slack", () => {
    const values = fillView(view, {
      action: "delete",
      reason: "because",
      amount: 42,
      checkers: ["U1", "U2"],
      reviewer: "U3",
      when: "2024-05-01",
      urgent: true,
    });
    expect(values).toEqual({
      action: { value: { type: "static_select", selected_option: option("delete") } },
      reason: { value: { type: "plain_text_input", value: "because" } },
      amount: { value: { type: "number_input", value: "42" } },
      checkers: { value: { type: "multi_users_select", selected_users: ["U1", "U2"] } },
      reviewer: { value: { type: "users_select", selected_user: "U3" } },
      when: { value: { type: "datepicker", selected_date: "2024-05-01" } },
      urgent: { value: { type: "checkboxes", selected_options: [option("yes")] } },
      prefilled: { value: { type: "plain_text_input", value: "kept" } },
    });
  });

  it("leaves unanswered inputs empty the way Slack does", () => {
    const values = fillView(view, {});
    expect(values.action?.value).toEqual({ type: "static_select", selected_option: null });
    expect(values.reason?.value).toEqual({ type: "plain_text_input", value: null });
    expect(values.checkers?.value).toEqual({ type: "multi_users_select", selected_users: [] });
    expect(values.urgent?.value).toEqual({ type: "checkboxes", selected_options: [] });
    expect(values.note).toBeUndefined();
  });

  it("refuses answers the user could not give", () => {
    expect(() => fillView(view, { action: "explode" })).toThrow(/no option with value "explode"/);
    expect(() => fillView(view, { missing: "x" })).toThrow(/No block with block_id missing/);
    expect(() => fillView(view, { checkers: "U1" })).toThrow(/expected an array/);
  });

  it("reports what Slack's client would not let through", () => {
    const problems = clientSideProblems(
      view,
      fillView(view, { reason: "far too long", amount: 1.5 }),
    );
    expect(problems).toEqual([
      "input action: required but empty",
      "input reason: allows at most 10 characters",
      "input amount: whole numbers only",
    ]);
  });
});

describe("payload builders", () => {
  it("builds slash command form fields", () => {
    const fields = slashCommandPayload({
      user: { id: "U0ALICE", name: "alice" },
      text: "waive-invoice",
      responseUrl: "http://127.0.0.1:1/response/1",
      triggerId: "1.2.3",
    });
    expect(fields).toMatchObject({
      token: expect.any(String),
      team_id: "T0TEST0001",
      team_domain: "four-eyes-test",
      channel_id: expect.stringMatching(/^C/),
      channel_name: "general",
      user_id: "U0ALICE",
      user_name: "alice",
      command: "/request",
      text: "waive-invoice",
      api_app_id: "A0TEST0001",
      is_enterprise_install: "false",
      response_url: "http://127.0.0.1:1/response/1",
      trigger_id: "1.2.3",
    });
  });

  it("builds block_actions for messages and for views", () => {
    const fromMessage = blockActionsPayload({
      user: "U0BOB",
      actionId: "approve",
      value: "r1",
      message: { ts: "1700000000.000100", text: "hi" },
      channel: { id: "D0BOB", name: "directmessage" },
      responseUrl: "http://127.0.0.1:1/response/2",
    });
    expect(fromMessage).toMatchObject({
      type: "block_actions",
      user: { id: "U0BOB", username: "u0bob", name: "u0bob", team_id: "T0TEST0001" },
      team: { id: "T0TEST0001", domain: "four-eyes-test" },
      container: { type: "message", message_ts: "1700000000.000100", channel_id: "D0BOB" },
      channel: { id: "D0BOB", name: "directmessage" },
      message: { ts: "1700000000.000100" },
      response_url: "http://127.0.0.1:1/response/2",
      is_enterprise_install: false,
      enterprise: null,
      actions: [
        { type: "button", action_id: "approve", value: "r1", action_ts: expect.any(String) },
      ],
    });
    const fromView = blockActionsPayload({ user: "U0BOB", actionId: "pick", view });
    expect(fromView.container).toEqual({ type: "view", view_id: "V0VIEW" });
    expect(fromView).not.toHaveProperty("response_url");
  });

  it("never gives two actions the same action_ts, however quick", () => {
    const before = Date.now() / 1000;
    const stamps = Array.from({ length: 1000 }, () => nowTs());
    const after = Date.now() / 1000;
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(stamps[0]).toMatch(/^\d{10}\.\d{6}$/);
    // Now, within what separates the monotonic clock from the wall clock (however long it took).
    expect(Number(stamps[0])).toBeGreaterThan(before - 1);
    expect(Number(stamps[0])).toBeLessThan(after + 1);
  });

  it("builds view_submission, view_closed and event envelopes", () => {
    const values = fillView(view, { action: "waive" });
    const submission = viewSubmissionPayload({ user: "U0BOB", view, values });
    expect(submission).toMatchObject({ type: "view_submission", response_urls: [] });
    expect((submission.view as typeof view).state.values).toBe(values);
    expect(viewClosedPayload({ user: "U0BOB", view })).toMatchObject({
      type: "view_closed",
      is_cleared: false,
    });
    const callback = eventCallback(appHomeOpenedEvent("U0BOB", { channel: "D0BOB" }), {
      eventId: "Ev1",
      eventTime: 1_700_000_000,
    });
    expect(callback).toMatchObject({
      type: "event_callback",
      event_id: "Ev1",
      event_time: 1_700_000_000,
      team_id: "T0TEST0001",
      api_app_id: "A0TEST0001",
      authorizations: [{ user_id: "U0BOT00001", is_bot: true }],
      event: { type: "app_home_opened", user: "U0BOB", channel: "D0BOB", tab: "home" },
    });
  });
});
