import { runScript, type ScriptRun } from "./run-script.ts";

export type AuditRun = ScriptRun;

/** `npm run audit -- ...args`, as a separate process: PGlite serves one process per directory. */
export function runAuditCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<AuditRun> {
  return runScript("src/cli/audit.ts", args, { ...process.env, ...env });
}
