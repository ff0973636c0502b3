import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { bypassingTrigger } from "../audit/tamper.ts";
import { AUDIT_KEY, populate, type Trail } from "../audit/trail.ts";
import { runAuditCli, runAuditInProcess } from "../support/audit-cli.ts";
import { seedDataDir } from "../support/database.ts";

// The command as `npm run audit` runs it, in this process: a process per run costs seconds. The
// first test runs the real script, so the entry point itself is covered too.
const audit = runAuditInProcess;

describe("npm run audit", () => {
  let dir: string;
  let trail: Trail;
  let env: Record<string, string | undefined>;

  /** The bot's embedded database, opened here only while no command runs against it. */
  async function withDatabase<T>(use: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    try {
      return await use(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-audit-cli-"));
    await seedDataDir(dir);
    // DATABASE_URL set but empty: a developer's .env cannot point the CLI elsewhere.
    env = { DATA_DIR: dir, AUDIT_KEY, DATABASE_URL: "" };
    trail = await withDatabase((database) => populate(database.prisma));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("as its own process: verify exits 0 with a one-line summary; a wrong command exits 2", async () => {
    // The wrong command opens no database, so the two can run side by side.
    const [verify, wrong] = await Promise.all([
      runAuditCli(["verify"], env),
      runAuditCli(["frobnicate"], env),
    ]);
    expect(verify).toMatchObject({ code: 0, stderr: "" });
    expect(verify.stdout).toMatch(
      /^OK: 12 events, 5 requests, chain head #12 [0-9a-f]{12}… at 2026-01-05T09:10:00\.000Z\n$/,
    );
    expect(wrong).toMatchObject({ code: 2, stdout: "" });
    expect(wrong.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: /);
  });

  it("prints the usage for help, or no command", async () => {
    for (const args of [[], ["help"], ["verify", "--help"]]) {
      const run = await audit(args, env);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(/^Usage: npm run audit -- <command> \[options\]\n/);
      expect(run.stdout).toContain(
        "  export [--format jsonl|csv|mermaid] [--since DATE] [--request N] [--break-glass] [--unmask]\n",
      );
    }
  });

  it("exits 2 on a wrong command line, with the usage", async () => {
    const unknown = await audit(["frobnicate"], env);
    const badOption = await audit(["verify", "--everything"], env);
    const badFormat = await audit(["export", "--format", "xml"], env);
    const badDate = await audit(["export", "--since", "last tuesday"], env);
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: /);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^Unknown option '--everything'.*\n\nUsage: /);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(
      /^Unknown export format "xml": use one of jsonl\|csv\|mermaid\./,
    );
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/^--since "last tuesday" is not a date/);
  });

  it("exits 2 on wrong settings, in one line, creating nothing", async () => {
    const badConfig = await audit(["verify"], { ...env, AUDIT_KEY: "short" });
    const noKey = await audit(["verify"], { ...env, AUDIT_KEY: "" });
    const noDatabase = await audit(["verify"], { ...env, DATA_DIR: path.join(dir, "typo") });
    const noCheckpoint = await audit(["verify", "--checkpoint", path.join(dir, "nope.json")], env);
    expect(badConfig).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "The configuration is invalid: AUDIT_KEY: must be at least 32 bytes long (generate one with: openssl rand -hex 32)\n",
    });
    expect(noKey).toEqual({
      code: 2,
      stdout: "",
      stderr: `No audit key: AUDIT_KEY is not set and there is no key file at ${path.join(dir, "audit.key")}. Set AUDIT_KEY to the key the bot seals the trail with.\n`,
    });
    // Opening PGlite in a mistyped DATA_DIR would have created an empty database, and "verified" it.
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toMatch(/^There is no database in .*typo\/pglite: set DATA_DIR/);
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toMatch(/^Cannot read the checkpoint file .*nope\.json: ENOENT/);
    expect(await readdir(dir)).toEqual(["pglite"]);
  });

  it("checkpoint, then verify --checkpoint", async () => {
    const taken = await audit(["checkpoint"], env);
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout)).toMatchObject({ version: 1, seq: trail.events });
    expect(taken.stderr).toContain("Store this checkpoint where the database admins cannot write");

    const file = path.join(tmpdir(), `four-eyes-checkpoint-${process.pid}.json`);
    await writeFile(file, taken.stdout);
    try {
      const run = await audit(["verify", "--checkpoint", file], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/; the checkpoint at #12 matches\n$/);
      // The same checkpoint as a sink's line, and as the Slack message pasted on stdin.
      const compact = JSON.stringify(JSON.parse(taken.stdout));
      await writeFile(file, `{"kind":"checkpoint",${compact.slice(1)}\n`);
      const slack = `Checkpoint #12 &amp; counting\n\`\`\`${compact.replaceAll('"', "&quot;")}\`\`\``;
      for (const other of [
        await audit(["verify", "--checkpoint", file], env),
        await audit(["verify", "--checkpoint", "-"], env, slack),
      ]) {
        expect(other).toMatchObject({ code: 0, stderr: "" });
        expect(other.stdout).toMatch(/; the checkpoint at #12 matches\n$/);
      }
    } finally {
      await rm(file, { force: true });
    }
  });

  it("export: JSONL by default, CSV on request, filtered", async () => {
    const all = await audit(["export"], env);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);

    const csv = await audit(
      [
        "export",
        "--format",
        "csv",
        "--request",
        `#${trail.finished}`,
        "--since",
        "2026-01-05T09:01",
      ],
      env,
    );
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split("\r\n");
    expect(rows[0]).toMatch(/^seq,at,type,request_number,/);
    expect(rows.slice(1, -1).map((row) => row.split(",").slice(0, 4).join(","))).toEqual([
      "2,2026-01-05T09:01:00.000Z,REQUEST_APPROVED,1",
      "3,2026-01-05T09:02:00.000Z,EXECUTION_STARTED,1",
      "4,2026-01-05T09:02:00.000Z,REQUEST_FINISHED,1",
    ]);
  });

  it("verify after tampering: exit 1 and BROKEN", async () => {
    await withDatabase((database) =>
      bypassingTrigger(
        { sql: async (text) => void (await database.prisma.$executeRawUnsafe(text)) },
        [`UPDATE audit_events SET actor = 'U9EVIL' WHERE seq = 2`],
      ),
    );
    const run = await audit(["verify"], env);
    expect(run).toEqual({
      code: 1,
      stdout:
        "BROKEN: event 2 (REQUEST_APPROVED on #1): its content does not match its hash (the row was edited after it was written)\n",
      stderr: "",
    });
  });
});
