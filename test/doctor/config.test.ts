import { describe, expect, it } from "vitest";
import { checkConfiguration } from "../../src/doctor/config.ts";

const SLACK = { SLACK_BOT_TOKEN: "xoxb-config-test", SLACK_SIGNING_SECRET: "shh-signing" };

describe("checkConfiguration", () => {
  it("passes a valid configuration and says how Slack reaches the bot", () => {
    const http = checkConfiguration({ ...SLACK, PORT: "8080" });
    expect(http.result).toEqual({
      status: "ok",
      title: "Configuration: valid (HTTP mode on port 8080)",
    });
    expect(http.slack).toEqual({
      botToken: "xoxb-config-test",
      appToken: undefined,
      apiUrl: "https://slack.com/api/",
    });
    expect(http.engine?.dataDir).toBe("./data");
    const socket = checkConfiguration({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(socket.result.title).toBe("Configuration: valid (Socket Mode)");
    expect(socket.slack?.appToken).toBe("xapp-1");
  });

  it("lists every problem as start-up would, naming variables and never values", () => {
    const check = checkConfiguration({
      ...SLACK,
      AUDIT_KEY: "too-short-secret",
      STALE_AFTER: "soon",
      DATABASE_URL: "mysql://root:hunter2@db/x",
    });
    expect(check.result).toMatchObject({ status: "fail", title: "Configuration: 3 problems" });
    expect(check.result.detail?.split("\n")).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\//),
      expect.stringMatching(/^AUDIT_KEY: must be at least 32 bytes long/),
      expect.stringMatching(/^STALE_AFTER: /),
    ]);
    expect(check.result.fix).toContain(".env.example");
    expect(JSON.stringify(check.result)).not.toMatch(/too-short-secret|hunter2|shh-signing/);
    expect([...check.invalid].sort()).toEqual(["AUDIT_KEY", "DATABASE_URL", "STALE_AFTER"]);
  });

  it("keeps what the other checks need when only unrelated variables are wrong", () => {
    const check = checkConfiguration({ ...SLACK, STALE_AFTER: "soon", DATA_DIR: "/srv/bot" });
    expect(check.result.status).toBe("fail");
    expect(check.engine).toMatchObject({ dataDir: "/srv/bot", databaseUrl: undefined });
    expect(check.slack?.botToken).toBe("xoxb-config-test");
  });

  it("still checks the bot token when only the signing secret is missing", () => {
    const check = checkConfiguration({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(check.result).toMatchObject({ status: "fail", title: "Configuration: 1 problem" });
    expect(check.result.detail).toMatch(/^SLACK_SIGNING_SECRET: is required/);
    expect(check.invalid).toEqual(new Set(["SLACK_SIGNING_SECRET"]));
    expect(check.slack?.botToken).toBe("xoxb-1");
  });

  it("points at the Slack set-up when the Slack credentials are missing", () => {
    const check = checkConfiguration({});
    expect(check.result.fix).toMatch(/^Follow "Set up the Slack app" in README.md/);
    expect(check.result.detail).not.toContain("Follow");
    expect(check.slack).toBeUndefined();
    expect(check.invalid).toEqual(new Set(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]));
  });
});
