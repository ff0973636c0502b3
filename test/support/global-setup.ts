import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { asPostgresAdmin, planTemplates, TEMPLATES_RESULT } from "./templates.ts";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Once per `vitest run`: starts building the migrated databases tests copy instead of migrating
 * their own, in a process of its own, and does not wait for it: test files that need no
 * database start at once; the others wait for it in `awaitTemplates`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const plan = await planTemplates();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/support/build-templates.ts", JSON.stringify(plan)],
    { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const built = new Promise<void>((resolve) => {
    child.on("close", async (code, signal) => {
      const result = path.join(plan.dir, TEMPLATES_RESULT);
      if ((await readFile(result, "utf8").catch(() => null)) === null) {
        // It died before saying why: pass on what it printed to the tests waiting for it.
        const problem = `build-templates ended (${code ?? signal}): ${stderr}`;
        await writeFile(result, JSON.stringify({ problem })).catch(() => {});
      }
      resolve();
    });
  });
  project.provide("databaseTemplates", plan);
  return async () => {
    // A run that needed no database may end first: no need to finish building.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await built;
    await rm(plan.dir, { recursive: true, force: true });
    if (plan.postgres)
      await asPostgresAdmin(`DROP DATABASE IF EXISTS ${plan.postgres} WITH (FORCE)`);
  };
}
