import { ErrorCode, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentBoltLogger } from "../../src/slack/bolt-logger.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

let standIn: SlackStandIn;
let client: WebClient;

const blocks = [
  { type: "section", text: { type: "mrkdwn", text: "Approve *in_1*?" } },
  {
    type: "actions",
    block_id: "decide",
    elements: [
      { type: "button", action_id: "approve", text: { type: "plain_text", text: "Approve" } },
    ],
  },
];
const modal = {
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

function clientFor(token?: string) {
  return new WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: silentBoltLogger, // the tests provoke Slack errors on purpose
  });
}

interface CallFailure {
  code: string;
  retryAfter?: number;
  data: { error: string; errors?: string[]; response_metadata: { messages?: string[] } };
}

/** Resolves with the error a call failed with, or fails the test if the call succeeded. */
async function failure(call: Promise<unknown>): Promise<CallFailure> {
  try {
    await call;
  } catch (error) {
    return error as CallFailure;
  }
  throw new Error("expected the call to fail");
}

beforeEach(async () => {
  standIn = await startSlackStandIn();
  standIn.addUser({ id: "U0ALICE", name: "alice" });
  standIn.addUser({ id: "U0BOB", name: "bob", realName: "Bob Checker", isAdmin: true });
  client = clientFor("xoxb-test");
});

afterEach(async () => {
  await standIn.close();
});

describe("Slack stand-in: messages", () => {
  it("posts to a user's DM, answering with a stable D… channel and increasing ts", async () => {
    const first = await client.chat.postMessage({ channel: "U0ALICE", text: "hi", blocks });
    const second = await client.chat.postMessage({ channel: "U0ALICE", text: "again" });
    expect(first.channel).toMatch(/^D[A-Z0-9]+$/);
    expect(second.channel).toBe(first.channel);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message).toMatchObject({ type: "message", text: "hi", user: "U0BOT00001" });
    expect(standIn.dmWith("U0ALICE").map((m) => m.text)).toEqual(["hi", "again"]);
    const recorded = standIn.callsTo("chat.postMessage")[0];
    expect(recorded?.args.blocks).toEqual(blocks);
    expect(recorded?.token).toBe("xoxb-test");
  });

  it("updates by D… channel and ts, keeping blocks the update leaves out", async () => {
    const posted = await client.chat.postMessage({ channel: "U0BOB", text: "v1", blocks });
    await client.chat.update({
      channel: posted.channel as string,
      ts: posted.ts as string,
      text: "v2",
    });
    const latest = standIn.lastDmTo("U0BOB");
    expect(latest).toMatchObject({ text: "v2", edited: { user: "U0BOT00001" } });
    expect(latest?.blocks).toHaveLength(2);
    expect(latest?.revisions.map((r) => r.text)).toEqual(["v1"]);
  });

  it("refuses updates Slack refuses", async () => {
    const posted = await client.chat.postMessage({ channel: "U0BOB", text: "v1" });
    const byUser = await failure(
      client.chat.update({ channel: "U0BOB", ts: posted.ts as string, text: "x" }),
    );
    expect(byUser.data.error).toBe("cant_update_message");
    const missing = await failure(
      client.chat.update({ channel: posted.channel as string, ts: "1.000001", text: "x" }),
    );
    expect(missing.data.error).toBe("message_not_found");
  });

  it("rejects invalid blocks with invalid_blocks and readable errors", async () => {
    const error = await failure(
      client.chat.postMessage({
        channel: "U0ALICE",
        text: "x",
        blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      }),
    );
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data.error).toBe("invalid_blocks");
    expect(error.data.errors).toEqual([
      "must be at most 150 characters [json-pointer:/blocks/0/text/text]",
    ]);
    expect(standIn.unexpectedFailures().map((c) => c.failed)).toEqual(["invalid_blocks"]);
    expect(standIn.dmWith("U0ALICE")).toEqual([]);
  });

  it("answers no_text, channel_not_found and cannot_dm_bot", async () => {
    expect(
      (await failure(client.chat.postMessage({ channel: "U0ALICE" } as never))).data.error,
    ).toBe("no_text");
    const ghost = await failure(client.chat.postMessage({ channel: "U0GHOST", text: "x" }));
    expect(ghost.data.error).toBe("channel_not_found");
    const bot = await failure(client.chat.postMessage({ channel: "USLACKBOT", text: "x" }));
    expect(bot.data.error).toBe("cannot_dm_bot");
  });

  it("opens DMs, posts ephemerals and makes permalinks", async () => {
    const opened = await client.conversations.open({ users: "U0ALICE" });
    expect(opened.channel?.id).toBe(standIn.dmChannelOf("U0ALICE"));
    const posted = await client.chat.postMessage({ channel: "C0APPROVALS", text: "hello" });
    const link = await client.chat.getPermalink({
      channel: "C0APPROVALS",
      message_ts: posted.ts as string,
    });
    expect(link.permalink).toBe(
      `https://four-eyes-test.slack.com/archives/C0APPROVALS/p${(posted.ts as string).replace(".", "")}`,
    );
    const ephemeral = await client.chat.postEphemeral({
      channel: "C0APPROVALS",
      user: "U0ALICE",
      text: "only you",
    });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d+$/);
    expect(standIn.ephemeralsFor("U0ALICE")).toMatchObject([{ text: "only you" }]);
  });

  it("accepts JSON bodies with a bearer token", async () => {
    const response = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-test", "content-type": "application/json" },
      body: JSON.stringify({ channel: "C0APPROVALS", blocks }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: "C0APPROVALS" });
  });
});

describe("Slack stand-in: people and auth", () => {
  it("looks up users and user groups", async () => {
    const { user } = await client.users.info({ user: "U0BOB" });
    expect(user).toMatchObject({
      id: "U0BOB",
      name: "bob",
      real_name: "Bob Checker",
      deleted: false,
      is_bot: false,
      is_admin: true,
      profile: { display_name: "bob", real_name: "Bob Checker" },
    });
    expect((await failure(client.users.info({ user: "U0NOPE" }))).data.error).toBe(
      "user_not_found",
    );
    standIn.addUserGroup("S0LEADS", ["U0ALICE", "U0BOB"]);
    const group = await client.usergroups.users.list({ usergroup: "S0LEADS" });
    expect(group.users).toEqual(["U0ALICE", "U0BOB"]);
    const missing = await failure(client.usergroups.users.list({ usergroup: "S0NONE" }));
    expect(missing.data.error).toBe("no_such_subteam");
  });

  it("answers auth.test, and not_authed / invalid_auth without a good token", async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: "U0BOT00001",
      team_id: "T0TEST0001",
      bot_id: "B0BOT00001",
    });
    expect((await failure(clientFor().auth.test())).data.error).toBe("not_authed");
    expect((await failure(clientFor("bogus").auth.test())).data.error).toBe("invalid_auth");
  });

  it("lists the token's scopes in x-oauth-scopes, as Slack does: the manifest's by default", async () => {
    const auth = await client.auth.test();
    expect(auth.response_metadata?.scopes).toEqual([
      "commands",
      "chat:write",
      "users:read",
      "usergroups:read",
    ]);
    const refused = await failure(client.users.info({ user: "U0NOPE" }));
    expect(refused.data.response_metadata).toMatchObject({ scopes: expect.any(Array) });
    const unauthenticated = await failure(clientFor("bogus").auth.test());
    expect(unauthenticated.data.response_metadata).not.toHaveProperty("scopes");

    const narrow = await startSlackStandIn({ scopes: ["commands", "chat:write"] });
    try {
      const response = await fetch(`${narrow.apiUrl}auth.test`, {
        method: "POST",
        headers: { authorization: "Bearer xoxb-test" },
      });
      expect(response.headers.get("x-oauth-scopes")).toBe("commands,chat:write");
      const app = await fetch(`${narrow.apiUrl}apps.connections.open`, {
        method: "POST",
        headers: { authorization: "Bearer xapp-test" },
      });
      expect(app.headers.get("x-oauth-scopes")).toBe("connections:write");
    } finally {
      await narrow.close();
    }
  });

  it("records unknown methods", async () => {
    const error = await failure(client.apiCall("chat.teleport", { channel: "C1" }));
    expect(error.data.error).toBe("unknown_method");
    expect(standIn.callsTo("chat.teleport")).toMatchObject([{ failed: "unknown_method" }]);
  });
});

describe("Slack stand-in: views", () => {
  it("opens a modal for the trigger's user, once, and only with a known trigger", async () => {
    const trigger = standIn.mintTriggerId("U0ALICE");
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: "modal",
      callback_id: "new_request",
      state: { values: {} },
      team_id: "T0TEST0001",
      hash: expect.any(String),
    });
    expect(standIn.currentModal("U0ALICE")?.id).toBe(opened.view?.id);
    const again = await failure(client.views.open({ trigger_id: trigger, view: modal }));
    expect(again.data.error).toBe("exchanged_trigger_id");
    const unknown = await failure(client.views.open({ trigger_id: "123.456.abc", view: modal }));
    expect(unknown.data.error).toBe("invalid_trigger_id");
  });

  it("expires triggers after the configured time", async () => {
    await standIn.close();
    standIn = await startSlackStandIn({ triggerTtlMs: 20 });
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    client = clientFor("xoxb-test");
    const trigger = standIn.mintTriggerId("U0ALICE");
    await new Promise((resolve) => setTimeout(resolve, 40));
    const error = await failure(client.views.open({ trigger_id: trigger, view: modal }));
    expect(error.data.error).toBe("expired_trigger_id");
  });

  it("rejects invalid views with invalid_arguments and response_metadata messages", async () => {
    const view = { ...modal, title: { type: "plain_text" as const, text: "x".repeat(25) } };
    const error = await failure(
      client.views.open({ trigger_id: standIn.mintTriggerId("U0ALICE"), view }),
    );
    expect(error.data.error).toBe("invalid_arguments");
    expect(error.data.response_metadata.messages).toEqual([
      "[ERROR] must be at most 24 characters [json-pointer:/view/title/text]",
    ]);
  });

  it("updates by view_id or external_id, refusing stale hashes, and pushes", async () => {
    const opened = await client.views.open({
      trigger_id: standIn.mintTriggerId("U0ALICE"),
      view: { ...modal, external_id: "req-1" },
    });
    const { id, hash } = opened.view as { id: string; hash: string };
    const v2 = { ...modal, external_id: "req-1", callback_id: "v2" };
    const updated = await client.views.update({ view_id: id, hash, view: v2 });
    expect(updated.view?.id).toBe(id);
    expect(updated.view?.hash).not.toBe(hash);
    const stale = await failure(client.views.update({ view_id: id, hash, view: modal }));
    expect(stale.data.error).toBe("hash_conflict");
    await client.views.update({ external_id: "req-1", view: { ...v2, callback_id: "v3" } });
    expect(standIn.currentModal("U0ALICE")?.callback_id).toBe("v3");
    const missing = await failure(client.views.update({ view_id: "V0NOPE", view: modal }));
    expect(missing.data.error).toBe("not_found");
    await client.views.push({ trigger_id: standIn.mintTriggerId("U0ALICE"), view: modal });
    expect(standIn.modalStack("U0ALICE")).toHaveLength(2);
  });

  it("publishes App Home tabs per user", async () => {
    await client.views.publish({ user_id: "U0BOB", view: { type: "home", blocks } });
    expect(standIn.homeOf("U0BOB")?.blocks).toHaveLength(2);
    expect(standIn.openViews.map((v) => v.type)).toEqual(["home"]);
  });
});

describe("Slack stand-in: scripted trouble", () => {
  it("answers ratelimited with HTTP 429 and Retry-After, then recovers", async () => {
    standIn.failNext("chat.postMessage");
    const error = await failure(client.chat.postMessage({ channel: "U0ALICE", text: "hi" }));
    expect(error.code).toBe(ErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(1);
    await client.chat.postMessage({ channel: "U0ALICE", text: "hi" });
    expect(standIn.callsTo("chat.postMessage").map((c) => c.failed)).toEqual([
      "ratelimited",
      undefined,
    ]);
    expect(standIn.unexpectedFailures()).toEqual([]);
  });

  it("fails with other errors, HTTP 500s and delays", async () => {
    standIn.failNext("users.info", { error: "fatal_error", times: 2 });
    for (let i = 0; i < 2; i += 1) {
      expect((await failure(client.users.info({ user: "U0BOB" }))).data.error).toBe("fatal_error");
    }
    standIn.failNext("users.info", { error: "internal_error", status: 500 });
    expect((await failure(client.users.info({ user: "U0BOB" }))).code).toBe(ErrorCode.HTTPError);
    standIn.delayNext("users.info", 150);
    const started = Date.now();
    await client.users.info({ user: "U0BOB" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("answers every call after its latency, when given one", async () => {
    const slow = await startSlackStandIn({ latencyMs: () => 60 });
    try {
      const started = performance.now();
      await new WebClient("xoxb-test", { slackApiUrl: slow.apiUrl }).auth.test();
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.close();
    }
  });

  it("waits for calls, and explains a timeout with the calls it saw", async () => {
    const waiting = standIn.waitForCall("chat.postMessage", (c) => c.args.channel === "U0BOB");
    await client.chat.postMessage({ channel: "U0ALICE", text: "not this" });
    await client.chat.postMessage({ channel: "U0BOB", text: "this" });
    expect((await waiting).args.text).toBe("this");
    await expect(standIn.waitForCall("views.open", undefined, 50)).rejects.toThrow(
      /Timed out after 50ms waiting for a views.open call. Recorded calls: chat.postMessage, chat.postMessage/,
    );
  });
});

describe("Slack stand-in: response_url", () => {
  it("records posts to minted response URLs and refuses unknown ones", async () => {
    const url = standIn.mintResponseUrl("U0ALICE", { kind: "command", channel: "C0APPROVALS" });
    const waiting = standIn.waitForResponse((r) => r.userId === "U0ALICE");
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "Request created", response_type: "ephemeral" }),
    });
    expect(response.status).toBe(200);
    expect((await waiting).body).toEqual({ text: "Request created", response_type: "ephemeral" });
    expect(standIn.ephemeralsFor("U0ALICE")).toMatchObject([{ via: "response_url" }]);
    const invalid = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blocks: [{ type: "input" }] }),
    });
    expect(invalid.status).toBe(400);
    const unknown = await fetch(`${standIn.baseUrl}/response/nope`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
  });
});
