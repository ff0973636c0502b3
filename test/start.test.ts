import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDataDir } from "./support/database.ts";
import { startSlackStandIn } from "./support/slack/stand-in.ts";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

/** Runs `npm start`'s entry point as a user would, with a clean environment. */
async function start(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { PATH: PATH ?? "", HOME: HOME ?? "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm start", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-start-"));
    // Migrated already: these runs stop before or after the database, never because of it.
    await seedDataDir(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("with no Slack credentials: names what is missing and where to get it, exit 1", async () => {
    const { code, stdout, stderr } = await start({ DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("four-eyes: The configuration is invalid:");
    expect(stderr).toContain("SLACK_BOT_TOKEN: is required (OAuth & Permissions");
    expect(stderr).toContain("SLACK_SIGNING_SECRET: is required");
    expect(stderr).toContain('Follow "Set up the Slack app" in README.md');
  });

  it("lists every bad setting at once, never echoing a secret", async () => {
    const { code, stderr } = await start({
      DATA_DIR: dir,
      SLACK_BOT_TOKEN: "xoxp-user-token-secret",
      SLACK_SIGNING_SECRET: "s3cr3t",
      AUDIT_KEY: "too-short-secret",
      AUDIT_CHANNEL: "#audit",
      LOG_LEVEL: "verbose",
      METRICS_PORT: "metrics",
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      "LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent",
    );
    expect(stderr).toContain("METRICS_PORT: must be a port number (1-65535)");
    expect(stderr).toContain('SLACK_BOT_TOKEN: must start with "xoxb-"');
    expect(stderr).toContain("AUDIT_KEY: must be at least 32 bytes long");
    expect(stderr).toContain("AUDIT_CHANNEL: must be a channel ID");
    expect(stderr).not.toContain("user-token-secret");
    expect(stderr).not.toContain("too-short-secret");
  });

  it("a Slack that cannot be reached: one line naming the URL, exit 1", async () => {
    const { code, stderr } = await start({
      DATA_DIR: dir,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "secret",
      SLACK_API_URL: "http://127.0.0.1:1/api/",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^four-eyes: Cannot reach Slack at http:\/\/127\.0\.0\.1:1\/api\/: /m);
  });

  it("a database that cannot be reached: one line naming it, password masked, exit 1", async () => {
    const { code, stderr } = await start({
      DATA_DIR: dir,
      DATABASE_URL: "postgres://bot:hunter2@127.0.0.1:1/four_eyes",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "secret",
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "four-eyes: Cannot use PostgreSQL at postgres://bot:****@127.0.0.1:1/four_eyes: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(stderr).not.toContain("hunter2");
  });

  it("a METRICS_PORT already taken: one line naming it, exit 1, nothing left running", async () => {
    const standIn = await startSlackStandIn();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await start({
        DATA_DIR: dir,
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: standIn.apiUrl,
        PORT: "0",
        METRICS_PORT: String(port),
      });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `four-eyes: METRICS_PORT ${port} is already in use by another process.`,
      );
    } finally {
      taken.close();
      await standIn.close();
    }
  });
});
