import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { type Logger, silentLogger } from "../core/logger.ts";

/**
 * Bolt's and the Web API client's logs, through ours. Their debug output is dropped at every
 * level: it holds whole payloads and message bodies, sensitive parameter values among them.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const slack = logger.child({ component: "slack" });
  const line = (parts: unknown[]) => {
    const error = parts.find((part) => part instanceof Error);
    const text = parts
      .filter((part) => part !== error)
      .map((part) => (typeof part === "string" ? part : safeText(part)))
      .join(" ");
    return { text: text || (error instanceof Error ? error.message : ""), error };
  };
  const at =
    (write: Logger["info"]) =>
    (...parts: unknown[]) => {
      const { text, error } = line(parts);
      write(text, error ? { err: error } : undefined);
    };
  return {
    debug: () => {},
    info: at((message, fields) => slack.info(message, fields)),
    warn: at((message, fields) => slack.warn(message, fields)),
    error: at((message, fields) => slack.error(message, fields)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeText(value: unknown): string {
  try {
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** For a Web API client whose errors the caller turns into its own messages. */
export const silentBoltLogger: BoltLogger = boltLogger(silentLogger);
