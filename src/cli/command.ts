import type { Readable, Writable } from "node:stream";
import type { ParseArgsConfig } from "node:util";
import { AppError } from "../core/errors.ts";
import type { AuditSession } from "./audit-session.ts";

export const EXIT = { ok: 0, broken: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext extends Pick<AuditSession, "trail" | "outbox" | "key"> {
  /** The audit sinks' cursors (the CLI always gives them; commands that do not read them need not). */
  readonly sinks?: AuditSession["sinks"];
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The settings the CLI runs with (ACTIONS_FILE, webhook secrets), for commands that need them. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type CommandRun = (context: CommandContext) => Promise<ExitCode>;

/** Work that needs neither the database nor the bot's settings (`verify --file`). */
export type OfflineRun = (output: Pick<CommandContext, "stdout" | "stderr">) => Promise<ExitCode>;

/** What a command may read while it prepares: the settings, and stdin for a "-" argument. */
export interface CommandInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin?: Readable;
}

/** One `npm run audit -- <name>` sub-command. */
export interface AuditCommand {
  /** What follows the command's name in the usage, e.g. "[--checkpoint FILE]". */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: OptionsConfig;
  /**
   * Checks the options (and reads the files they name) and returns the work to do. Runs before
   * the database is opened, so a typo costs nothing and changes nothing. Throws UsageError.
   */
  prepare(values: OptionValues, input?: CommandInput): Promise<CommandRun> | CommandRun;
  /**
   * Asked first: when the options ask for work without the database, that work, and no database
   * is opened (nor DATABASE_URL or DATA_DIR looked at); undefined for the usual `prepare`.
   */
  prepareOffline?(values: OptionValues, input: CommandInput): Promise<OfflineRun | undefined>;
}

/** The command line itself is wrong; the CLI prints the message and the usage, and exits 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super("CLI.USAGE", message);
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}
