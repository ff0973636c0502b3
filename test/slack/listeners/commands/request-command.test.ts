import { WebClient } from "@slack/web-api";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requestCommand } from "../../../../src/slack/listeners/commands/request-command.ts";
import { fakeSlackDeps } from "../../../support/slack-deps.ts";

async function run(text: string, user = "U0MAKER") {
  const order: string[] = [];
  const replies: Record<string, unknown>[] = [];
  await requestCommand(fakeSlackDeps())({
    ack: async () => {
      order.push("ack");
    },
    respond: async (reply: Record<string, unknown>) => {
      order.push("respond");
      replies.push(reply);
    },
    command: { text, user_id: user, trigger_id: "13345.trigger", channel_id: "C0GENERAL" },
    client: new WebClient("xoxb-test", { retryConfig: { retries: 0 } }),
  } as never);
  return { order, replies };
}

describe("/request", () => {
  beforeAll(() => nock.disableNetConnect());
  // Test files may share a process (isolate: false): leave the network as it was found.
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it("acknowledges first, then opens the form with the named action chosen", async () => {
    let opened: Record<string, string> = {};
    nock("https://slack.com")
      .post("/api/views.open", (body) => {
        opened = body;
        return true;
      })
      .reply(200, { ok: true, view: { id: "V1" } });
    const { order } = await run("waive-invoice");
    expect(order).toEqual(["ack"]);
    expect(opened.trigger_id).toBe("13345.trigger");
    const view = JSON.parse(opened.view ?? "{}");
    expect(view.callback_id).toBe("request_modal");
    expect(JSON.stringify(view.blocks)).toContain("Invoice ID");
  });

  it("help lists only what this user may request", async () => {
    const { order, replies } = await run("help");
    expect(order).toEqual(["ack", "respond"]);
    const text = JSON.stringify(replies[0]);
    expect(replies[0]?.response_type).toBe("ephemeral");
    expect(text).toContain("waive-invoice");
    expect(text).not.toContain("restricted");
  });

  it("an action the user may not request is named as such, not as unknown", async () => {
    const { replies } = await run("restricted");
    expect(replies[0]).toEqual({
      response_type: "ephemeral",
      text: 'You are not allowed to request "Restricted": only <!subteam^S0MAKERS> may. `/request help` lists what you can request.',
    });
  });

  it("an unknown id suggests the closest one", async () => {
    const { replies } = await run("waive-invoce");
    expect(replies[0]?.response_type).toBe("ephemeral");
    expect(JSON.stringify(replies[0])).toContain("waive-invoice");
  });
});
