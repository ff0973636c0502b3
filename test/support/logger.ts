import type { LogFields, Logger } from "../../src/core/logger.ts";

export interface LoggedLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields;
}

/** Logs kept for assertions and for reading when a test fails. */
export function collectingLogger() {
  const lines: string[] = [];
  const entries: LoggedLine[] = [];
  const make = (bound: LogFields): Logger => {
    const at =
      (level: LoggedLine["level"]) =>
      (message: string, fields: LogFields = {}) => {
        if (level !== "debug") lines.push(`${level}: ${message}`);
        entries.push({ level, message, fields: { ...bound, ...fields } });
      };
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return { logger: make({}), lines, entries };
}
