import { execFile, spawn } from "node:child_process";
import { lstat, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { type SlackStandIn, startSlackStandIn } from "./support/slack/stand-in.ts";

const root = path.resolve(import.meta.dirname, "..");
const run = promisify(execFile);

// What `npm start` runs: the build when dist/ is older than src/ (prestart), then the compiled bot.
describe("npm start with Slack credentials", () => {
  let dir: string;
  let dataDir: string;
  let standIn: SlackStandIn;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-main-"));
    dataDir = path.join(dir, "data");
    standIn = await startSlackStandIn();
    await run(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: root });
  });
  afterAll(async () => {
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("listens in HTTP mode, is healthy, and stops cleanly on SIGTERM", async () => {
    const { PATH, HOME } = process.env;
    // The usual umask, under which a file written 0666 is readable by everyone.
    const node = ["dist/main.js"];
    const child = spawn(
      "/bin/sh",
      ["-c", 'umask 022 && exec "$0" "$@"', process.execPath, ...node],
      {
        cwd: root,
        env: {
          PATH: PATH ?? "",
          HOME: HOME ?? "",
          DATA_DIR: dataDir,
          PORT: "0",
          SLACK_BOT_TOKEN: "xoxb-main",
          SLACK_SIGNING_SECRET: "secret",
          SLACK_API_URL: standIn.apiUrl,
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // A failed expectation must not leave the bot running.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        const match = /Listening for Slack on port (\d+) \(HTTP mode\)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      child.on("close", () => reject(new Error(`exited early:\n${stdout}\n${stderr}`)));
    });
    expect(stdout).toMatch(/Database: embedded PGlite in .*, applied 20261123000000_init/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // Whoever reaches the Slack-facing port reads no counts, action names or readiness details.
    expect(stdout).toContain(
      `on port ${port} (HTTP mode): POST /slack/events, GET /healthz (set METRICS_PORT for /readyz and /metrics).`,
    );
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
    expect(standIn.callsTo("auth.test")).toHaveLength(1);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain("SIGTERM: finishing running actions and stopping.");
    // No terminal attached: JSON lines for a log collector, the token nowhere.
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(lines.at(-1)).toMatchObject({ level: "info", msg: "Stopped." });
    expect(stdout).not.toContain("xoxb-main");

    // What it wrote is its user's alone: the database, and the audit key it generated.
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, "audit.key"))).toBe(0o600);
    const database = await entriesUnder(path.join(dataDir, "pglite"));
    expect(database.length).toBeGreaterThan(100);
    expect(database.filter((entry) => (entry.mode & 0o077) !== 0)).toEqual([]);

    // `npm run audit -- verify`, compiled too, reads the trail the bot wrote.
    const verify = await run(process.execPath, ["dist/cli/audit.js", "verify"], {
      cwd: root,
      env: { PATH: PATH ?? "", HOME: HOME ?? "", DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    expect(verify.stdout).toMatch(/^OK: \d+ events?, /);
  });
});

async function modeOf(file: string): Promise<number> {
  return (await lstat(file)).mode & 0o777;
}

/** Every file and directory under `root`, with its permission bits. */
async function entriesUnder(root: string): Promise<{ path: string; mode: number }[]> {
  const names = await readdir(root, { recursive: true });
  return Promise.all(
    [".", ...names].map(async (name) => {
      const file = path.join(root, name);
      return { path: file, mode: await modeOf(file) };
    }),
  );
}
