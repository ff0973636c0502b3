import { Readable, Writable } from "node:stream";
import { runAuditCli as runAuditCommand } from "../../src/cli/audit-cli.ts";
import { runScript, type ScriptRun } from "./run-script.ts";

export type AuditRun = ScriptRun;

/**
 * `npm run audit -- ...args`, as a separate process, exactly as a person runs it. A process
 * costs a second or more: prefer `runAuditInProcess` unless the process itself is under test.
 */
export function runAuditCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<AuditRun> {
  return runScript("src/cli/audit.ts", args, { ...process.env, ...env });
}

/**
 * What the process above runs, in this one: the same output and exit code, only `env` read,
 * and `stdin` (for `--checkpoint -`) as its standard input.
 */
export async function runAuditInProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<AuditRun> {
  const stdout = collecting();
  const stderr = collecting();
  const code = await runAuditCommand(args, {
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    ...(stdin === undefined ? {} : { stdin: Readable.from([stdin]) }),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A stream that keeps what is written to it, as text: a command's stdout or stderr. */
export function collecting() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}
