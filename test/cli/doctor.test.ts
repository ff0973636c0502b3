import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownMigrations } from "../../src/db/migration-state.ts";
import { runDoctor } from "../../src/doctor/doctor.ts";
import { exitCodeOf, renderReport } from "../../src/doctor/render.ts";
import { hasOpenssl, makeCertificates } from "../support/certificates.ts";
import { seedDataDir } from "../support/database.ts";
import { runScript } from "../support/run-script.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

const MIGRATION_NAMES = await knownMigrations();
const MIGRATIONS = MIGRATION_NAMES.length;

const SECRETS = {
  SLACK_BOT_TOKEN: "xoxb-doctor-e2e-bot-secret",
  SLACK_APP_TOKEN: "xapp-doctor-e2e-app-secret",
  SLACK_SIGNING_SECRET: "doctor-e2e-signing-secret",
  AUDIT_KEY: "doctor-e2e-audit-key-secret-0123456789",
  REFUND_WEBHOOK_SECRET: "doctor-e2e-webhook-secret",
};

interface Run {
  readonly code: number | null;
  readonly lines: string[];
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a run: only what is given (no .env values), plus PATH and HOME. */
function environment(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    // Set but blank: a developer's .env cannot fill them in.
    DATABASE_URL: "",
    SLACK_APP_TOKEN: "",
    ...env,
  };
}

function checked(run: Omit<Run, "lines">): Run {
  for (const secret of [...Object.values(SECRETS), "hunter2"]) {
    expect(run.stdout + run.stderr).not.toContain(secret);
  }
  return { ...run, lines: run.stdout.split("\n") };
}

/** `npm run doctor` as a separate process, exactly as a person runs it: a second or more. */
async function doctorProcess(env: Record<string, string>): Promise<Run> {
  return checked(await runScript("src/cli/doctor.ts", [], environment(env)));
}

/** What the process above prints and exits with, in this process (see src/cli/doctor.ts). */
async function doctor(env: Record<string, string>): Promise<Run> {
  const results = await runDoctor({ env: environment(env) });
  return checked({ code: exitCodeOf(results), stdout: renderReport(results), stderr: "" });
}

/** The line starting with `start`, and the one after it (the fix, for a problem). */
function lineAndFix(run: Run, start: string): [string | undefined, string | undefined] {
  const index = run.lines.findIndex((line) => line.startsWith(start));
  return [run.lines[index], index >= 0 ? run.lines[index + 1] : undefined];
}

describe("npm run doctor", () => {
  let dir: string;
  let standIn: SlackStandIn;
  let webhook: Server;
  let webhookUrl: string;
  let migratedDir: string;
  let actionsFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-cli-"));
    standIn = await startSlackStandIn();
    standIn.socketUrl = "ws://127.0.0.1:9/socket";
    webhook = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/refunds`;
    actionsFile = path.join(dir, "actions.yml");
    await writeFile(
      actionsFile,
      `actions:\n  - id: refund\n    title: Refund\n    executor: { type: webhook, url: "${webhookUrl}", secret_env: REFUND_WEBHOOK_SECRET }\n`,
    );
    migratedDir = path.join(dir, "migrated");
    await seedDataDir(migratedDir);
  });
  afterAll(async () => {
    await standIn.close();
    await new Promise((resolve) => webhook.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it("exits 0 with every line ✓ when everything is in order", async () => {
    const run = await doctorProcess({
      ...SECRETS,
      SLACK_API_URL: standIn.apiUrl,
      DATA_DIR: migratedDir,
      ACTIONS_FILE: actionsFile,
    });
    expect(run.stderr).toBe("");
    expect(run.lines).toEqual([
      "✓ Configuration: valid (Socket Mode)",
      "✓ Slack bot token: @four-eyes (U0BOT00001) in Four Eyes Test (four-eyes-test.slack.com)",
      "✓ Slack scopes: commands, chat:write, users:read, usergroups:read",
      "✓ Slack app-level token: may open Socket Mode connections (connections:write)",
      `✓ Database: embedded PGlite in ${path.join(migratedDir, "pglite")}, ${MIGRATIONS} migrations applied`,
      expect.stringMatching(
        /^✓ Audit key: AUDIT_KEY \(key id [0-9a-f]{16}\), the audit trail is still empty$/,
      ),
      `✓ Actions: ${actionsFile} is valid; enabled: post-note, refund`,
      `✓ Webhook ${new URL(webhookUrl).origin} (refund): reachable on this machine`,
      "",
      "Everything checked is in order.",
      "",
    ]);
    expect(run.code).toBe(0);
  });

  it("names a missing scope, and a token Slack refuses, with their fixes", async () => {
    const narrow = await startSlackStandIn({ scopes: ["commands", "chat:write", "users:read"] });
    const strict = await startSlackStandIn({ acceptTokens: ["xoxb-someone-else"] });
    try {
      const base = {
        ...SECRETS,
        SLACK_APP_TOKEN: "",
        // Two processes must never open one PGlite directory; these runs need no database.
        DATA_DIR: path.join(dir, "unused"),
        ACTIONS_FILE: actionsFile,
      };
      const [scopes, token] = await Promise.all([
        doctor({ ...base, SLACK_API_URL: narrow.apiUrl }),
        doctor({ ...base, SLACK_API_URL: strict.apiUrl }),
      ]);
      expect(scopes.code).toBe(1);
      expect(lineAndFix(scopes, "✗ Slack scopes")).toEqual([
        "✗ Slack scopes: the bot token lacks usergroups:read",
        "    usergroups:read: Allow-lists in actions.yml may name user groups (S…).",
      ]);
      expect(scopes.stdout).toContain(
        "  Fix: In the app's settings (https://api.slack.com/apps), OAuth & Permissions → Scopes → Bot Token Scopes, add usergroups:read; then reinstall the app",
      );
      expect(token.code).toBe(1);
      expect(lineAndFix(token, "✗ Slack bot token")).toEqual([
        "✗ Slack bot token: Slack does not accept SLACK_BOT_TOKEN (invalid_auth): it is mistyped, or no longer valid",
        expect.stringMatching(
          /^ {2}Fix: Copy the Bot User OAuth Token \(xoxb-…\) from OAuth & Permissions/,
        ),
      ]);
      expect(token.stdout).toMatch(
        /\n1 problem and 1 warning: fix the problems \(✗\) before starting the bot\.\n$/,
      );
    } finally {
      await Promise.all([narrow.close(), strict.close()]);
    }
  });

  it("explains an unreachable database and one with pending migrations", async () => {
    const freshDir = path.join(dir, "fresh");
    await seedDataDir(freshDir, "empty");
    const base = { ...SECRETS, SLACK_API_URL: standIn.apiUrl, ACTIONS_FILE: actionsFile };
    // Nothing listens on port 1 of the loopback: refused at once, no timeout involved.
    const unreachable = await doctor({
      ...base,
      DATABASE_URL: "postgres://bot:hunter2@127.0.0.1:1/four_eyes",
    });
    const pending = await doctor({ ...base, DATA_DIR: freshDir, MIGRATE_ON_START: "false" });
    const migratedAtStart = await doctor({ ...base, DATA_DIR: freshDir });
    expect(unreachable.code).toBe(1);
    expect(lineAndFix(unreachable, "✗ Database")).toEqual([
      "✗ Database: Cannot use PostgreSQL at postgres://bot:****@127.0.0.1:1/four_eyes: connect ECONNREFUSED 127.0.0.1:1",
      "  Fix: Nothing accepts connections at that host and port: start PostgreSQL, or correct the host and port in DATABASE_URL.",
    ]);
    expect(unreachable.lines).toContainEqual(
      expect.stringMatching(
        /^✓ Audit key: AUDIT_KEY \(key id \w+\), not compared with the audit trail: the database could not be opened$/,
      ),
    );
    expect(pending.code).toBe(1);
    expect(lineAndFix(pending, "✗ Database")).toEqual([
      `✗ Database: embedded PGlite in ${path.join(freshDir, "pglite")}: no migrations applied yet (${MIGRATIONS} migrations to apply)`,
      "  Fix: Run npm run db:migrate (with the bot stopped: PGlite serves one process at a time).",
    ]);
    // With MIGRATE_ON_START (the default) the bot applies them itself: a warning, not a failure.
    expect(migratedAtStart.lines).toContainEqual(
      `! Database: embedded PGlite in ${path.join(freshDir, "pglite")}: ${MIGRATIONS} migrations to apply (${MIGRATION_NAMES.join(", ")}); the bot applies them when it starts (MIGRATE_ON_START)`,
    );
    expect(migratedAtStart.code).toBe(0);
    // Nothing was migrated: a second look finds the same.
    const again = await doctor({ ...base, DATA_DIR: freshDir, MIGRATE_ON_START: "false" });
    expect(lineAndFix(again, "✗ Database")).toEqual(lineAndFix(pending, "✗ Database"));
  });

  it("shows the line of a mistake in actions.yml", async () => {
    const broken = path.join(dir, "broken.yml");
    await writeFile(
      broken,
      "actions:\n  - id: refund\n    title: Refund\n    approvals: 0\n    executor: { type: webhook, url: https://x.internal, secret_env: S }\n",
    );
    const run = await doctor({
      ...SECRETS,
      SLACK_API_URL: standIn.apiUrl,
      DATA_DIR: migratedDir,
      ACTIONS_FILE: broken,
    });
    expect(run.code).toBe(1);
    const index = run.lines.indexOf(`✗ Actions: ACTIONS_FILE ${broken} is invalid (1 problem)`);
    expect(index).toBeGreaterThan(0);
    expect(run.lines[index + 1]).toBe(
      `    ${broken}:4: action "refund": approvals: must be at least 1`,
    );
    expect(run.lines[index + 2]).toMatch(
      /^ {2}Fix: Correct .*broken\.yml at the lines named above/,
    );
  });

  it("checks every webhook server: loopback http, refused, unresolvable and, with openssl, self-signed", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const refusedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const servers: tls.Server[] = [];
    const hooks = [
      ["loopback", webhookUrl],
      ["refused", `http://127.0.0.1:${refusedPort}/hook`],
      ["unknown-host", "https://hooks.doctor-e2e.invalid/hook"],
    ];
    if (hasOpenssl) {
      const { selfSigned } = await makeCertificates(await mkdtemp(path.join(dir, "tls-")));
      const server = tls.createServer(selfSigned, (socket) => socket.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      hooks.push([
        "self-signed",
        `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      ]);
    }
    const file = path.join(dir, "hooks.yml");
    await writeFile(
      file,
      `actions:\n${hooks
        .map(
          ([id, url]) =>
            `  - { id: ${id}, title: ${id}, executor: { type: webhook, url: "${url}", secret_env: REFUND_WEBHOOK_SECRET } }\n`,
        )
        .join("")}`,
    );
    try {
      const run = await doctor({
        ...SECRETS,
        SLACK_API_URL: standIn.apiUrl,
        DATA_DIR: migratedDir,
        ACTIONS_FILE: file,
      });
      expect(run.code).toBe(1);
      const webhookLines = run.lines.filter((line) => /^. Webhook /.test(line));
      expect(webhookLines).toEqual([
        `✓ Webhook ${new URL(webhookUrl).origin} (loopback): reachable on this machine`,
        `✗ Webhook http://127.0.0.1:${refusedPort} (refused): connection refused: nothing listens on 127.0.0.1:${refusedPort}`,
        "✗ Webhook https://hooks.doctor-e2e.invalid (unknown-host): cannot resolve host hooks.doctor-e2e.invalid (ENOTFOUND)",
        ...(hasOpenssl
          ? [
              expect.stringMatching(
                /^✗ Webhook https:\/\/127\.0\.0\.1:\d+ \(self-signed\): certificate not trusted: it is self-signed/,
              ),
            ]
          : []),
      ]);
      expect(run.stdout).toContain("  Fix: Start the webhook's service, or correct the url in");
      if (hasOpenssl) expect(run.stdout).toContain("NODE_EXTRA_CA_CERTS=/path/to/ca.pem");
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
