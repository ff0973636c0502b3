import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "../../src/core/errors.ts";
import { openDatabase } from "../../src/db/database.ts";
import { lockDataDir, STALE_MS } from "../../src/db/pglite-lock.ts";
import { createTestTarget } from "../support/database.ts";
import { WAIT_MS } from "../support/patience.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A process of its own holding `dataDir` open, once it says so. */
async function holdInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/support/hold-pglite.ts", dataDir],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the child never opened the database")),
      WAIT_MS * 3,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("open")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`the child exited (${code})`)));
  });
  return child;
}

describe("one PGlite directory, one process", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it("refuses a second process with who holds it, and takes over from a killed one", async () => {
    const { target, drop } = await createTestTarget("pglite", { migrated: true });
    cleanups.push(drop);
    const dataDir = (target as { dataDir: string }).dataDir;
    const child = await holdInChild(dataDir);
    cleanups.push(async () => child.kill("SIGKILL"));

    const refused = await openDatabase(target, { migrate: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseUnavailableError);
    expect((refused as Error).message).toMatch(
      new RegExp(
        `^Cannot use embedded PGlite in ${dataDir}: ${dataDir} is in use by process ${child.pid} on host .+ since \\d{4}-.+; stop it first, or use PostgreSQL \\(DATABASE_URL\\) to run several replicas`,
      ),
    );

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    // Its lock is still there, but its process is gone: the next start goes ahead.
    await expect(readFile(`${dataDir}.lock`, "utf8")).resolves.toContain(`"pid":${child.pid}`);
    const database = await openDatabase(target, { migrate: false });
    await expect(database.prisma.$queryRawUnsafe("SELECT 1 AS one")).resolves.toEqual([{ one: 1 }]);
    await database.close();
    await expect(readFile(`${dataDir}.lock`, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("judges another host's lock by its age, and this process's own pid by what it holds", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-lock-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, "pglite");
    const now = new Date();
    const deps = { pid: 10, host: "here", now: () => now, isRunning: () => true };
    const other = { pid: 20, host: "elsewhere", since: "2026-01-01T00:00:00.000Z", token: "t" };
    await writeFile(`${dataDir}.lock`, JSON.stringify(other));
    await expect(lockDataDir(dataDir, deps)).rejects.toThrow(
      `${dataDir} is in use by process 20 on host elsewhere since 2026-01-01T00:00:00.000Z`,
    );
    const old = new Date(now.getTime() - STALE_MS - 1_000);
    await utimes(`${dataDir}.lock`, old, old);
    const taken = await lockDataDir(dataDir, deps);
    await expect(lockDataDir(dataDir, deps)).rejects.toThrow("in use by process 10 on host here");
    await taken.release();

    // A container restarted with the same pid finds its earlier life's lock.
    await writeFile(`${dataDir}.lock`, JSON.stringify({ ...other, pid: 10, host: "here" }));
    await (await lockDataDir(dataDir, deps)).release();
  });
});
