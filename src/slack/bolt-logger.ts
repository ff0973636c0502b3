import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../core/logger.ts";

/** Bolt's and the Web API client's logs, through ours: warnings and errors only. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]) => parts.map((part) => String(part)).join(" ");
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => logger.warn(`slack: ${text(parts)}`),
    error: (...parts: unknown[]) => logger.error(`slack: ${text(parts)}`),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
