import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A smoke run of `npm run bench` at its tiniest, so the harness cannot rot: every part on
 * PostgreSQL when TEST_DATABASE_URL is set, else the load parts on PGlite (its other parts take
 * longer to start than they are worth here). Numbers from it mean nothing.
 */
const engine = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
const parts = engine === "postgres" ? [] : ["ack", "baseline", "memory"];

function runBench(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/main.ts", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe(`npm run bench -- --quick on ${engine}`, () => {
  let dir: string;
  let run: { code: number | null; output: string };
  let doc: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-bench-smoke-"));
    const docPath = path.join(dir, "benchmarks.md");
    run = await runBench([...parts, "--quick", "--only", engine, "--doc", docPath]);
    doc = await readFile(docPath, "utf8").catch(() => "");
    // A bound for a bench that hangs: it takes half a minute, several on a crowded machine.
  }, 600_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs to the end: nothing lost or doubled, every audit trail intact", () => {
    expect(run.output).not.toContain("The harness found problems");
    expect(run.code, run.output).toBe(0);
  });

  it("writes a section with a table per part, saying nothing was lost", () => {
    const label = engine === "postgres" ? "PostgreSQL" : "PGlite";
    expect(doc).toMatch(/<!-- bench:ack:begin -->[\s\S]*### Ack latency under load/);
    expect(doc).toMatch(
      new RegExp(`\\| ${label} \\| 6 \\| 18 \\|.*\\| ✓ \\d+ requests, \\d+ events`),
    );
    for (const id of parts.length > 0
      ? parts
      : ["ack", "baseline", "memory", "e2e", "home", "sweep", "verify"]) {
      expect(doc).toContain(`<!-- bench:${id}:end -->`);
    }
  });
});
