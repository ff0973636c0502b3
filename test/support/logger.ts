import type { Logger } from "../../src/core/logger.ts";

/** Logs kept for assertions and for reading when a test fails. */
export function collectingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
  return { logger, lines };
}
