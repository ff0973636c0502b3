import { App, LogLevel } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventCallback, slashCommandPayload } from "../support/slack/payloads.ts";
import {
  eventsApiEnvelope,
  type SocketStandIn,
  slashCommandEnvelope,
  startSocketStandIn,
} from "../support/slack/socket-stand-in.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

describe("Socket Mode stand-in with a Bolt app", () => {
  let standIn: SlackStandIn;
  let socket: SocketStandIn;
  let app: App;

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    socket = await startSocketStandIn({ standIn });
    const clientOptions = { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } };
    app = new App({
      token: "xoxb-test",
      appToken: "xapp-1-test",
      socketMode: true,
      clientOptions,
      installerOptions: { clientOptions },
      logLevel: LogLevel.ERROR,
    });
    app.command("/request", async ({ ack, command }) => {
      await ack(`Got it, ${command.user_name}: ${command.text}`);
    });
    app.event("app_home_opened", async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: "home", blocks: [{ type: "divider" }] },
      });
    });
    await app.start();
  });

  afterEach(async () => {
    await app.stop();
    await socket.close();
    await standIn.close();
  });

  it("connects through apps.connections.open with the app-level token", async () => {
    await socket.waitForConnection();
    expect(socket.connectionCount).toBe(1);
    const open = standIn.callsTo("apps.connections.open")[0];
    expect(open?.token).toBe("xapp-1-test");
    expect(open?.response.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });

  it("delivers a slash command and observes the ack payload", async () => {
    const fields = slashCommandPayload({
      user: { id: "U0ALICE", name: "alice" },
      text: "waive-invoice",
      responseUrl: standIn.mintResponseUrl("U0ALICE", { kind: "command", channel: "C0GENERAL1" }),
    });
    const envelope = slashCommandEnvelope(fields);
    const ack = await socket.send(envelope);
    expect(ack).toEqual({
      envelope_id: envelope.envelope_id,
      payload: { text: "Got it, alice: waive-invoice" },
    });
  });

  it("delivers events and lets the app call the Web API", async () => {
    const callback = eventCallback({ type: "app_home_opened", user: "U0ALICE", tab: "home" });
    const ack = await socket.send(eventsApiEnvelope(callback));
    expect(ack.envelope_id).toBeDefined();
    await standIn.waitForCall("views.publish");
    expect(standIn.homeOf("U0ALICE")?.blocks).toHaveLength(1);
  });
});
