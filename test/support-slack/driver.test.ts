import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, verifySlackRequest } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SlackDriver } from "../support/slack/driver.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

const signingSecret = "test-signing-secret";

const requestModal = {
  type: "modal" as const,
  callback_id: "new_request",
  title: { type: "plain_text" as const, text: "New request" },
  submit: { type: "plain_text" as const, text: "Submit" },
  blocks: [
    {
      type: "input",
      block_id: "reason",
      label: { type: "plain_text", text: "Reason" },
      element: { type: "plain_text_input", action_id: "value" },
    },
  ],
};

function approvalMessage(reason: string) {
  return {
    channel: "U0BOB",
    text: `Approve? ${reason}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `Reason: ${reason}` } },
      {
        type: "actions",
        block_id: "decide",
        elements: [
          {
            type: "button",
            action_id: "approve",
            value: "req-1",
            style: "primary" as const,
            text: { type: "plain_text" as const, text: "Approve" },
          },
        ],
      },
    ],
  };
}

describe("SlackDriver signing", () => {
  let server: Server;
  let received: { headers: IncomingHttpHeaders; body: string }[];
  let driver: SlackDriver;
  let standIn: SlackStandIn;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret, standIn });
  });

  beforeEach(() => {
    received = [];
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await standIn.close();
  });

  function verify(request: { headers: IncomingHttpHeaders; body: string }) {
    verifySlackRequest({
      signingSecret,
      body: request.body,
      headers: {
        "x-slack-signature": String(request.headers["x-slack-signature"]),
        "x-slack-request-timestamp": Number(request.headers["x-slack-request-timestamp"]),
      },
    });
  }

  it("signs commands, interactions and events the way Bolt verifies them", async () => {
    await driver.command("U0ALICE", "hello");
    await driver.sendInteraction({ type: "block_actions", actions: [] });
    await driver.event({ type: "app_home_opened", user: "U0ALICE" });
    expect(received.map((r) => r.headers["content-type"])).toEqual([
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded",
      "application/json",
    ]);
    for (const request of received) verify(request);
    expect(new URLSearchParams(received[1]?.body).get("payload")).toBe(
      JSON.stringify({ type: "block_actions", actions: [] }),
    );
  });

  it("sends retries, chosen timestamps and forged signatures when asked", async () => {
    const timestamp = Math.floor(Date.now() / 1000) - 60;
    await driver.event(
      { type: "app_home_opened" },
      { retryNum: 2, retryReason: "http_timeout", timestamp },
    );
    await driver.event({ type: "app_home_opened" }, { signature: "v0=forged" });
    const [retry, forged] = received;
    expect(retry?.headers).toMatchObject({
      "x-slack-retry-num": "2",
      "x-slack-retry-reason": "http_timeout",
      "x-slack-request-timestamp": String(timestamp),
    });
    if (retry) verify(retry);
    expect(forged?.headers["x-slack-signature"]).toBe("v0=forged");
    expect(() => forged && verify(forged)).toThrow();
  });
});

describe("SlackDriver against a Bolt app in HTTP mode", () => {
  let standIn: SlackStandIn;
  let app: App;
  let driver: SlackDriver;

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    standIn.addUser({ id: "U0BOB", name: "bob" });
    app = new App({
      signingSecret,
      token: "xoxb-test",
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command("/request", async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: requestModal });
    });
    app.view("new_request", async ({ ack, view, client }) => {
      const reason = view.state.values.reason?.value?.value ?? "";
      if (reason.length < 5) {
        await ack({ response_action: "errors", errors: { reason: "Say a bit more" } });
        return;
      }
      await ack();
      await client.chat.postMessage(approvalMessage(reason));
    });
    app.action("approve", async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: "Approved by bob" });
    });
    app.event("app_home_opened", async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Hi" } }] },
      });
    });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const { port } = server.address() as AddressInfo;
    driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret, standIn });
  });

  afterEach(async () => {
    await app.stop();
    await standIn.close();
  });

  it("runs command → modal → submit → DM → click → respond", async () => {
    expect((await driver.command("U0ALICE", "")).status).toBe(200);
    await standIn.waitForCall("views.open");
    const modal = standIn.currentModal("U0ALICE");
    if (!modal) throw new Error("no modal open");

    const tooShort = await driver.submit("U0ALICE", modal, { reason: "meh" });
    expect(tooShort.outcome).toEqual({ action: "errors", errors: { reason: "Say a bit more" } });
    expect(standIn.currentModal("U0ALICE")?.id).toBe(modal.id);

    const submitted = await driver.submit("U0ALICE", modal, { reason: "customer goodwill" });
    expect(submitted.outcome).toEqual({ action: "close" });
    expect(standIn.currentModal("U0ALICE")).toBeUndefined();
    await standIn.waitForCall("chat.postMessage", (c) => c.args.channel === "U0BOB");
    expect(standIn.lastDmTo("U0BOB")?.text).toBe("Approve? customer goodwill");

    const click = await driver.click("U0BOB", { actionId: "approve", value: "req-1" });
    expect(click.status).toBe(200);
    const response = await standIn.waitForResponse((r) => r.userId === "U0BOB");
    expect(response.body).toMatchObject({ replace_original: true, text: "Approved by bob" });
    expect(standIn.lastDmTo("U0BOB")?.text).toBe("Approved by bob");
    expect(standIn.unexpectedFailures()).toEqual([]);
  });

  it("refuses to submit what Slack's client would not, and to click what is not there", async () => {
    await driver.command("U0ALICE", "");
    await standIn.waitForCall("views.open");
    const modal = standIn.currentModal("U0ALICE");
    if (!modal) throw new Error("no modal open");
    await expect(driver.submit("U0ALICE", modal, {})).rejects.toThrow(/required but empty/);
    await expect(driver.click("U0BOB", { actionId: "approve" })).rejects.toThrow(
      /No message in D\w+ has an element/,
    );
  });

  it("publishes App Home when the tab opens", async () => {
    await driver.appHomeOpened("U0ALICE");
    await standIn.waitForCall("views.publish");
    expect(standIn.homeOf("U0ALICE")?.type).toBe("home");
  });

  it("is refused by Bolt when the signature or timestamp is wrong", async () => {
    const event = { type: "app_home_opened", user: "U0ALICE" };
    expect((await driver.event(event, { signature: "v0=forged" })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await driver.event(event, { timestamp: stale })).status).toBe(401);
    expect(standIn.callsTo("views.publish")).toEqual([]);
  });
});

describe("SlackDriver modal mechanics", () => {
  let standIn: SlackStandIn;
  let server: Server;
  let driver: SlackDriver;
  let nextAck = "";
  // biome-ignore lint/suspicious/noExplicitAny: payloads are inspected loosely
  let payloads: Record<string, any>[];

  const pickerModal = {
    ...requestModal,
    notify_on_close: true,
    blocks: [
      ...requestModal.blocks,
      {
        type: "actions",
        block_id: "kind",
        elements: [
          {
            type: "static_select",
            action_id: "pick",
            options: ["waive", "refund"].map((value) => ({
              text: { type: "plain_text", text: value },
              value,
            })),
          },
        ],
      },
    ],
  };

  async function openModal(userId: string) {
    const response = await fetch(`${standIn.apiUrl}views.open`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-test", "content-type": "application/json" },
      body: JSON.stringify({ trigger_id: standIn.mintTriggerId(userId), view: pickerModal }),
    });
    const { view } = (await response.json()) as { view: { id: string } };
    return view;
  }

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        payloads.push(JSON.parse(new URLSearchParams(body).get("payload") ?? "{}"));
        res.setHeader("content-type", "application/json");
        res.end(nextAck);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret, standIn });
  });

  beforeEach(() => {
    nextAck = "";
    payloads = [];
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await standIn.close();
  });

  it("sends block_actions from a modal with the view's state", async () => {
    const view = await openModal("U0ALICE");
    await driver.clickInModal("U0ALICE", view, {
      actionId: "pick",
      selectedValue: "refund",
      answers: { reason: "typed so far" },
    });
    const [payload] = payloads;
    expect(payload?.container).toEqual({ type: "view", view_id: view.id });
    expect(payload?.actions[0]).toMatchObject({
      type: "static_select",
      action_id: "pick",
      block_id: "kind",
      selected_option: { value: "refund" },
    });
    expect(payload?.view.state.values).toMatchObject({
      reason: { value: { type: "plain_text_input", value: "typed so far" } },
      kind: { pick: { type: "static_select", selected_option: { value: "refund" } } },
    });
    await expect(
      driver.clickInModal("U0ALICE", view, { actionId: "value", selectedValue: "x" }),
    ).rejects.toThrow(/dispatch_action/);
  });

  it("applies update, push and clear acks, and refuses invalid ones", async () => {
    const view = await openModal("U0ALICE");
    const next = { ...pickerModal, callback_id: "step_2" };
    nextAck = JSON.stringify({ response_action: "update", view: next });
    await driver.submit("U0ALICE", view, { reason: "first step" });
    expect(standIn.currentModal("U0ALICE")).toMatchObject({ id: view.id, callback_id: "step_2" });

    nextAck = JSON.stringify({ response_action: "push", view: next });
    await driver.submit("U0ALICE", view, { reason: "second step" });
    expect(standIn.modalStack("U0ALICE")).toHaveLength(2);

    const top = standIn.currentModal("U0ALICE");
    if (!top) throw new Error("no modal");
    await expect(driver.submit("U0ALICE", view, { reason: "not on top" })).rejects.toThrow(
      /not U0ALICE's top modal/,
    );
    nextAck = JSON.stringify({ response_action: "errors", errors: { nope: "x" } });
    await expect(driver.submit("U0ALICE", top, { reason: "typo" })).rejects.toThrow(
      /not an input block/,
    );
    nextAck = JSON.stringify({ response_action: "update", view: { ...next, title: undefined } });
    await expect(driver.submit("U0ALICE", top, { reason: "bad view" })).rejects.toThrow(
      /Slack would reject the view/,
    );
    nextAck = JSON.stringify({ response_action: "clear" });
    await driver.submit("U0ALICE", top, { reason: "all done" });
    expect(standIn.modalStack("U0ALICE")).toEqual([]);
  });

  it("tells the app about closed modals only when notify_on_close is set", async () => {
    const view = await openModal("U0ALICE");
    await driver.closeModal("U0ALICE", view);
    expect(payloads).toMatchObject([{ type: "view_closed", view: { id: view.id } }]);
    expect(standIn.currentModal("U0ALICE")).toBeUndefined();
  });
});
