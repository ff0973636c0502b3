import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import canonicalize from "canonicalize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Checkpoint } from "../../src/audit/checkpoint.ts";
import { AUDIT_KEY } from "../audit/trail.ts";
import { runAuditCli, runAuditInProcess } from "../support/audit-cli.ts";
import { exportedTrail } from "../support/populated-trail.ts";

const audit = runAuditInProcess;

describe("npm run audit -- verify --file", () => {
  let dir: string;
  let lines: string[];
  let checkpoint: Checkpoint;
  /** The auditor's settings: the key, and no database (DATA_DIR names nothing that exists). */
  let env: Record<string, string | undefined>;

  async function file(name: string, texts: readonly string[]): Promise<string> {
    const written = path.join(dir, name);
    await writeFile(written, texts.map((text) => `${text}\n`).join(""));
    return written;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-verify-file-"));
    env = { AUDIT_KEY, DATA_DIR: path.join(dir, "no-database"), DATABASE_URL: "" };
    ({ lines, checkpoint } = await exportedTrail());
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("as its own process: OK with counts, first and last, and no database opened or made", async () => {
    const events = await file("events.jsonl", lines);
    const run = await runAuditCli(["verify", "--file", events], env);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(
      /^OK: 12 events, #1 to #12 \(from the start of the trail\), last #12 [0-9a-f]{12}… at 2026-01-05T09:10:00\.000Z\n$/,
    );
    expect(await readdir(dir)).toEqual(["events.jsonl"]);
  });

  it("reports repeats skipped and a start mid-trail", async () => {
    const redelivered = await file("redelivered.jsonl", [
      ...lines.slice(4, 9),
      ...lines.slice(6, 9),
      ...lines.slice(9),
    ]);
    const run = await audit(["verify", "--file", redelivered], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^OK: 8 events, #5 to #12 \(starts at #5: its link to #4 is taken on trust\), last #12 .*; 3 repeated lines skipped\n$/,
    );
  });

  it("exits 1 with BROKEN, the kind of problem and the line", async () => {
    const edited = lines.map((line, i) => (i === 5 ? line.replace("freeze", "thaw") : line));
    const run = await audit(["verify", "--file", await file("edited.jsonl", edited)], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^BROKEN \(edited\): line 6, event 6 \(REQUEST_DECLINED on #2\): its content does not match its hash/,
    );
    const cut = [...lines.slice(0, 11), (lines[11] as string).slice(0, 30)];
    const truncated = await audit(["verify", "--file", await file("cut.jsonl", cut)], env);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(/^BROKEN \(truncated\): the last line is cut off/);
  });

  it("takes the key from --key FILE, and names a wrong key", async () => {
    const events = await file("events.jsonl", lines);
    const keyFile = path.join(dir, "audit.key");
    await writeFile(keyFile, `${AUDIT_KEY}\n`);
    const withFile = await audit(["verify", "--file", events, "--key", keyFile], {});
    expect(withFile.code).toBe(0);
    const wrong = await audit(["verify", "--file", events], { AUDIT_KEY: "y".repeat(32) });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(
      /^BROKEN \(wrong-key\): line 1, event 1 \(.*\): it was sealed with another audit key/,
    );
  });

  it("exits 2 without a key, a file, or with --key but no --file", async () => {
    const events = await file("events.jsonl", lines);
    const noKey = await audit(["verify", "--file", events], { AUDIT_KEY: "" });
    expect(noKey).toMatchObject({ code: 2, stdout: "" });
    expect(noKey.stderr).toMatch(/^No audit key: pass --key FILE/);
    const noFile = await audit(["verify", "--file", path.join(dir, "nope.jsonl")], env);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/^Cannot read the file .*nope\.jsonl: ENOENT/);
    const keyAlone = await audit(["verify", "--key", path.join(dir, "audit.key")], env);
    expect(keyAlone.code).toBe(2);
    expect(keyAlone.stderr).toMatch(/^--key goes with --file/);
  });

  it("--checkpoint: the checkpoint file, a sink's line, or the Slack message on stdin", async () => {
    const events = await file("events.jsonl", lines);
    const json = JSON.stringify(checkpoint, null, 2);
    const fromFile = await file("head.json", [json]);
    const sinkLine = await file("sink.jsonl", [
      canonicalize({ kind: "checkpoint", ...checkpoint }) as string,
    ]);
    const slack = `Audit checkpoint #12\n\`\`\`${JSON.stringify(checkpoint).replaceAll('"', "&quot;")}\`\`\``;
    const runs = [
      await audit(["verify", "--file", events, "--checkpoint", fromFile], env),
      await audit(["verify", "--file", events, "--checkpoint", sinkLine], env),
      await audit(["verify", "--file", events, "--checkpoint", "-"], env, slack),
    ];
    for (const run of runs) {
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(/; the checkpoint at #12 matches\n$/);
    }
  });

  it("detects a file cut off after a shipped checkpoint", async () => {
    const short = await file("short.jsonl", lines.slice(0, 10));
    const head = await file("head.json", [JSON.stringify(checkpoint)]);
    const run = await audit(["verify", "--file", short, "--checkpoint", head], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "BROKEN (truncated): the file ends at event 10 (line 10), before the checkpoint's event 12: the events after it were cut off\n",
    );
    // Without the checkpoint, the shorter file is whole as far as it goes.
    expect((await audit(["verify", "--file", short], env)).code).toBe(0);
  });
});
