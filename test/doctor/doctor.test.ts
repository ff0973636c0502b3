import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor/doctor.ts";
import type { ActionDefinition } from "../../src/factory/types.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

describe("runDoctor", () => {
  let dir: string;
  let standIn: SlackStandIn;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-run-"));
    standIn = await startSlackStandIn();
    await writeFile(path.join(dir, "actions.yml"), "actions: []\n");
  });
  afterAll(async () => {
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("goes on past invalid settings, skipping only the checks that read them", async () => {
    const results = await runDoctor({
      env: {
        SLACK_BOT_TOKEN: "xoxb-run",
        SLACK_API_URL: standIn.apiUrl,
        DATABASE_URL: "mysql://root:hunter2@db/four_eyes",
        STALE_AFTER: "a while",
        ACTIONS_FILE: path.join(dir, "actions.yml"),
      },
    });
    expect(results.map((result) => [result.status, result.title])).toEqual([
      ["fail", "Configuration: 3 problems"],
      ["ok", expect.stringMatching(/^Slack bot token: @four-eyes/)],
      ["ok", expect.stringMatching(/^Slack scopes: /)],
      ["warn", "Database: not checked until DATABASE_URL is fixed"],
      ["ok", `Actions: ${path.join(dir, "actions.yml")} is valid; enabled: post-note`],
    ]);
    expect(results[0]?.detail?.split("\n").map((line) => line.split(":")[0])).toEqual([
      "DATABASE_URL",
      "STALE_AFTER",
      "SLACK_SIGNING_SECRET",
    ]);
    expect(JSON.stringify(results)).not.toMatch(/hunter2|xoxb-run/);
  });

  it("skips Slack without a bot token, and checks the rest", async () => {
    const results = await runDoctor({
      env: {
        SLACK_SIGNING_SECRET: "signing",
        DATA_DIR: path.join(dir, "no-such-data"),
        ACTIONS_FILE: path.join(dir, "actions.yml"),
      },
    });
    expect(results.map((result) => result.title)).toEqual([
      "Configuration: 1 problem",
      "Slack: not checked until SLACK_BOT_TOKEN is fixed",
      `Database: no embedded PGlite in ${path.join(dir, "no-such-data", "pglite")} yet`,
      expect.stringMatching(/^Audit key: AUDIT_KEY is not set; npm start will generate one/),
      `Actions: ${path.join(dir, "actions.yml")} is valid; enabled: post-note`,
    ]);
  });
});

describe("runDoctor when a check itself breaks", () => {
  it("lists the breakage as a problem and still reports the other checks", async () => {
    const results = await runDoctor({
      env: {
        SLACK_BOT_TOKEN: "xoxb-x",
        SLACK_API_URL: "http://127.0.0.1:9/api/",
        DATA_DIR: path.join(tmpdir(), "four-eyes-doctor-nothing-here"),
      },
      modules: [null as unknown as ActionDefinition],
    });
    expect(results.at(-1)).toMatchObject({
      status: "fail",
      title: expect.stringMatching(/^Actions: the check itself failed: /),
    });
    expect(results.map((result) => result.title.split(":")[0])).toEqual([
      "Configuration",
      "Slack bot token",
      "Database",
      "Audit key",
      "Actions",
    ]);
  });
});
