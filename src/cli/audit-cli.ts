import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import { AppError } from "../core/errors.ts";
import { openAuditSession } from "./audit-session.ts";
import { type AuditCommand, EXIT, type ExitCode, UsageError } from "./command.ts";
import { checkpointCommand } from "./commands/checkpoint.ts";
import { exportCommand } from "./commands/export.ts";
import { outboxCommand } from "./commands/outbox.ts";
import { sinksCommand } from "./commands/sinks.ts";
import { verifyCommand } from "./commands/verify.ts";

/** Every sub-command. A new one is a module in ./commands and a line here. */
export const AUDIT_COMMANDS: Readonly<Record<string, AuditCommand>> = {
  verify: verifyCommand,
  checkpoint: checkpointCommand,
  export: exportCommand,
  outbox: outboxCommand,
  sinks: sinksCommand,
};

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** What `--checkpoint -` reads. */
  readonly stdin?: Readable;
}

const HELP = new Set(["help", "--help", "-h"]);

/**
 * Runs one command and returns the exit status: 0 fine, 1 the trail is broken, 2 the command
 * line or the settings are wrong. Errors that are not AppErrors are bugs and propagate.
 */
export async function runAuditCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name) || rest.some((arg) => HELP.has(arg))) {
    io.stdout.write(usage());
    return EXIT.ok;
  }
  try {
    const command = Object.hasOwn(AUDIT_COMMANDS, name) ? AUDIT_COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`Unknown command "${name}".`);
    const { values } = parseArgs({ args: [...rest], options: command.options, strict: true });
    const input = { env: io.env, ...(io.stdin ? { stdin: io.stdin } : {}) };
    const offline = await command.prepareOffline?.(values, input);
    if (offline) return await offline({ stdout: io.stdout, stderr: io.stderr });
    const run = await command.prepare(values, input);
    const session = await openAuditSession(io.env);
    try {
      return await run({ ...session, env: io.env, stdout: io.stdout, stderr: io.stderr });
    } finally {
      await session.close();
    }
  } catch (error) {
    const wrongUsage = usageProblem(error);
    if (wrongUsage !== undefined) {
      io.stderr.write(`${wrongUsage}\n\n${usage()}`);
      return EXIT.usage;
    }
    if (!(error instanceof AppError)) throw error;
    io.stderr.write(`${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
}

/** "The configuration is invalid:\n  A: …\n  B: …" becomes "The configuration is invalid: A: …; B: …". */
function oneLine(message: string): string {
  const [first = "", ...rest] = message.split("\n").map((line) => line.trim());
  return [first, rest.filter(Boolean).join("; ")].filter(Boolean).join(" ");
}

function usageProblem(error: unknown): string | undefined {
  if (error instanceof UsageError) return error.message;
  // How node:util parseArgs reports unknown options, missing values and stray arguments.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
    return (error as Error).message;
  }
  return undefined;
}

export function usage(): string {
  const commands = Object.entries(AUDIT_COMMANDS).map(
    ([name, command]) =>
      `  ${[name, command.synopsis].filter(Boolean).join(" ")}\n      ${command.summary}`,
  );
  return `Usage: npm run audit -- <command> [options]

Commands:
${commands.join("\n")}
  help
      Show this help

Settings come from the environment or .env: AUDIT_KEY (or the key file in DATA_DIR), and
DATABASE_URL or DATA_DIR (verify --file needs only the key: --key FILE or AUDIT_KEY). The audit tool writes nothing to the database and never creates a key.
Exit status: 0 all is well, 1 the trail is broken (or, for outbox, messages are dead),
2 wrong command line or settings.
`;
}
