import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackSettings } from "../../src/doctor/config.ts";
import { checkSlack } from "../../src/doctor/slack.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

const BOT_TOKEN = "xoxb-doctor-secret-bot-token";
const APP_TOKEN = "xapp-doctor-secret-app-token";

let standIn: SlackStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function slack(options: Parameters<typeof startSlackStandIn>[0] = {}) {
  standIn = await startSlackStandIn(options);
  return standIn;
}

function settings(apiUrl: string, appToken?: string): SlackSettings {
  return { botToken: BOT_TOKEN, appToken, apiUrl };
}

/** The results, checked for the tokens first: no check may ever print one. */
async function check(config: SlackSettings, options: Parameters<typeof checkSlack>[1] = {}) {
  const results = await checkSlack(config, options);
  expect(JSON.stringify(results)).not.toMatch(/doctor-secret/);
  return results;
}

describe("checkSlack", () => {
  it("passes a bot token with every scope the manifest asks for", async () => {
    const { apiUrl } = await slack();
    expect(await check(settings(apiUrl))).toEqual([
      {
        status: "ok",
        title:
          "Slack bot token: @four-eyes (U0BOT00001) in Four Eyes Test (four-eyes-test.slack.com)",
      },
      { status: "ok", title: "Slack scopes: commands, chat:write, users:read, usergroups:read" },
    ]);
    expect(standIn?.callsTo("auth.test")).toHaveLength(1);
  });

  it("names each missing scope, what it is for, and how to add it", async () => {
    const { apiUrl } = await slack({ scopes: ["commands", "chat:write", "users:read"] });
    const [, scopes] = await check(settings(apiUrl));
    expect(scopes).toEqual({
      status: "fail",
      title: "Slack scopes: the bot token lacks usergroups:read",
      detail: "usergroups:read: Allow-lists in actions.yml may name user groups (S…).",
      fix: expect.stringContaining(
        "OAuth & Permissions → Scopes → Bot Token Scopes, add usergroups:read; then reinstall the app",
      ),
    });
  });

  it("explains a token Slack does not accept", async () => {
    const { apiUrl } = await slack({ acceptTokens: ["xoxb-another"] });
    expect(await check(settings(apiUrl))).toEqual([
      {
        status: "fail",
        title:
          "Slack bot token: Slack does not accept SLACK_BOT_TOKEN (invalid_auth): it is mistyped, or no longer valid",
        fix: expect.stringMatching(
          /^Copy the Bot User OAuth Token \(xoxb-…\) from OAuth & Permissions into SLACK_BOT_TOKEN again\./,
        ),
      },
    ]);
  });

  it("explains a revoked token, and one that is not a bot token", async () => {
    const { apiUrl } = await slack();
    standIn?.failNext("auth.test", { error: "account_inactive" });
    const [inactive] = await check(settings(apiUrl));
    expect(inactive?.title).toBe(
      "Slack bot token: Slack says SLACK_BOT_TOKEN was revoked, or its app removed from the workspace (account_inactive)",
    );
    expect(inactive?.fix).toMatch(/^Install the app to the workspace again/);
    standIn?.failNext("auth.test", { error: "not_allowed_token_type" });
    const [wrongKind] = await check(settings(apiUrl));
    expect(wrongKind?.title).toBe(
      "Slack bot token: SLACK_BOT_TOKEN is not a bot token (not_allowed_token_type)",
    );
  });

  it("explains an unreachable Web API, a slow one and an HTTP error", async () => {
    const closed = await slack();
    const { apiUrl } = closed;
    await closed.close();
    standIn = undefined;
    const [refused] = await check(settings(apiUrl));
    expect(refused).toEqual({
      status: "fail",
      title: `Slack bot token: Cannot reach Slack at ${apiUrl}: connection refused (ECONNREFUSED)`,
      fix: expect.stringMatching(/^Check that this machine can reach 127\.0\.0\.1:\d+ over HTTPS/),
    });

    const slow = await slack();
    slow.delayNext("auth.test", 1_000);
    const [timedOut] = await check(settings(slow.apiUrl), { clientOptions: { timeout: 200 } });
    expect(timedOut?.title).toBe(
      `Slack bot token: Cannot reach Slack at ${slow.apiUrl}: no answer within 0.2 s`,
    );

    slow.failNext("auth.test", { error: "internal_error", status: 500 });
    const [broken] = await check(settings(slow.apiUrl));
    expect(broken?.title).toBe(
      `Slack bot token: Slack's Web API at ${slow.apiUrl} answered HTTP 500`,
    );
  });

  it("checks the app-level token in Socket Mode without opening a socket", async () => {
    const socket = await slack();
    socket.socketUrl = "ws://127.0.0.1:9/link";
    const results = await check(settings(socket.apiUrl, APP_TOKEN));
    expect(results.map((result) => result.status)).toEqual(["ok", "ok", "ok"]);
    expect(results[2]?.title).toBe(
      "Slack app-level token: may open Socket Mode connections (connections:write)",
    );
    expect(socket.callsTo("apps.connections.open")).toMatchObject([{ token: APP_TOKEN }]);

    socket.failNext("apps.connections.open", { error: "missing_scope" });
    expect((await check(settings(socket.apiUrl, APP_TOKEN)))[2]).toEqual({
      status: "fail",
      title:
        "Slack app-level token: SLACK_APP_TOKEN lacks the connections:write scope (missing_scope)",
      fix: "In Basic Information → App-Level Tokens, generate a token with the connections:write scope and set it as SLACK_APP_TOKEN (xapp-…).",
    });
  });

  it("explains an app-level token Slack does not accept", async () => {
    const { apiUrl } = await slack({ acceptTokens: [BOT_TOKEN] });
    const [, , app] = await check(settings(apiUrl, APP_TOKEN));
    expect(app).toMatchObject({
      status: "fail",
      title: "Slack app-level token: Slack does not accept SLACK_APP_TOKEN (invalid_auth)",
      fix: expect.stringContaining("connections:write"),
    });
  });

  it("warns when the scopes cannot be compared", async () => {
    const { apiUrl } = await slack();
    const [, noManifest] = await check(settings(apiUrl), {
      manifestFile: "/nonexistent/manifest.yml",
    });
    expect(noManifest).toMatchObject({
      status: "warn",
      title: expect.stringMatching(
        /^Slack scopes: not checked: cannot read \/nonexistent\/manifest.yml: /,
      ),
    });

    // A Web API without Slack's x-oauth-scopes header.
    const bare = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, user: "bot", user_id: "U1", team: "T", bot_id: "B1" }));
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = bare.address() as AddressInfo;
      const [, unknown] = await check(settings(`http://127.0.0.1:${port}/api/`));
      expect(unknown).toEqual({
        status: "warn",
        title: "Slack scopes: not checked: Slack's answer did not list the token's scopes",
      });
    } finally {
      bare.close();
    }
  });
});
