/** Facts a log line carries besides its message: ids, counts, outcomes. Never secrets. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * What the core and the Slack side log through. Messages are plain sentences; everything worth
 * searching for (request number, correlation id, Slack ids) goes in `fields`.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields`. */
  child(fields: LogFields): Logger;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
