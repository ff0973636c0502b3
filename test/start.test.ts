import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("with nothing configured: embedded database, generated key, actions, warnings", async () => {
    const { code, stdout, stderr } = await start({ DATA_DIR: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Database: embedded PGlite in ${path.join(dir, "pglite")}, applied 20261123000000_init`,
    );
    expect(stdout).toMatch(/Actions: post-note/);
    expect(stderr).toContain(
      `AUDIT_KEY is not set: generated a key in ${path.join(dir, "audit.key")}`,
    );
  });

  it("a database that cannot be reached: one line naming it, password masked, exit 1", async () => {
    const { code, stderr } = await start({
      DATA_DIR: dir,
      DATABASE_URL: "postgres://bot:hunter2@127.0.0.1:1/four_eyes",
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      "four-eyes: Cannot use PostgreSQL at postgres://bot:****@127.0.0.1:1/four_eyes: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(stderr).not.toContain("hunter2");
  });
});
