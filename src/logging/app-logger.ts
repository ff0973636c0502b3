import pino, { type DestinationStream, type Logger as PinoLogger } from "pino";
import pinoPretty from "pino-pretty";
import type { OpsConfig } from "../config/ops-config.ts";
import { currentLogContext } from "../core/log-context.ts";
import type { LogFields, Logger } from "../core/logger.ts";

export const REDACTED = "[redacted]";

/**
 * Field names that never leave the process whatever holds them: credentials, and request
 * parameters, whose `sensitive` ones only the maker and checkers may see.
 */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "signingSecret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "params",
  "*.params",
];

/** Shorter values are too likely to be ordinary words to be scrubbed from every line. */
const MIN_SECRET_LENGTH = 8;

export interface AppLogger {
  readonly logger: Logger;
  /**
   * Values scrubbed from every line from now on, whatever field or message they turn up in: the
   * tokens, secrets and keys the configuration holds, learned once they are known.
   */
  redactValues(values: Iterable<string | undefined>): void;
}

export interface AppLoggerOptions {
  /** Where lines go: standard output when absent. */
  readonly destination?: DestinationStream;
}

/**
 * The one logger of the process, for the app and for Bolt: JSON lines (one object per line, ISO
 * time, level names) for log collectors, or pino-pretty's colours when a person is watching.
 */
export function createAppLogger(
  config: Pick<OpsConfig, "logLevel" | "logFormat">,
  options: AppLoggerOptions = {},
): AppLogger {
  const secrets = new Set<string>();
  const scrub = (line: string) => {
    let clean = line;
    for (const secret of secrets) clean = clean.replaceAll(secret, REDACTED);
    return clean;
  };
  const destination =
    config.logFormat === "pretty"
      ? pinoPretty({
          destination: options.destination ?? 1,
          sync: true,
          colorize: options.destination === undefined,
          ignore: "pid,hostname",
          translateTime: "SYS:HH:MM:ss.l",
        })
      : // Asynchronous: a log collector reading slowly from the pipe must not stall Slack's acks
        // (a synchronous write per audit event blocks the event loop for as long as the pipe is
        // full). pino writes what is still buffered when the process exits, on an uncaught error too.
        (options.destination ?? pino.destination({ dest: 1, sync: false }));
  const root = pino(
    {
      level: config.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentLogContext() }),
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
  return {
    logger: wrap(root),
    redactValues: (values) => {
      for (const value of values) {
        if (!value || value.length < MIN_SECRET_LENGTH) continue;
        secrets.add(value);
        // As JSON writes it, should it hold quotes or backslashes.
        secrets.add(JSON.stringify(value).slice(1, -1));
      }
    },
  };
}

function wrap(pinoLogger: PinoLogger): Logger {
  const at =
    (level: "debug" | "info" | "warn" | "error") => (message: string, fields?: LogFields) =>
      fields ? pinoLogger[level](fields, message) : pinoLogger[level](message);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => wrap(pinoLogger.child(fields)),
  };
}
