import { LogLevel, type Logger as SlackLogger, type WebClientOptions } from "@slack/web-api";
import type { SlackConfig } from "../config/slack-config.ts";

/**
 * Web API client settings. Bolt's defaults retry for about 30 minutes with no request timeout;
 * a listener answering a click cannot wait that long, so calls time out and retries are few.
 * The outbox dispatcher has its own client that never waits on a rate limit: it reschedules.
 */
export function listenerClientOptions(config: SlackConfig, logger?: SlackLogger): WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true },
    ...(logger ? { logger } : { logLevel: LogLevel.WARN }),
  };
}

export function dispatcherClientOptions(
  config: SlackConfig,
  logger?: SlackLogger,
): WebClientOptions {
  return {
    ...listenerClientOptions(config, logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
}
