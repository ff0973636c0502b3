import type { SlackConfig } from "../config/slack-config.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { OutboxDispatcher } from "../outbox/dispatcher.ts";
import type { OutboxStore } from "../outbox/outbox-store.ts";
import { slackDeliverer, slackDeliveryLimits } from "../slack/deliver-message.ts";
import {
  afterDelivered,
  afterFailure,
  type DeliveryTroubleDeps,
  withUnreached,
} from "../slack/delivery-trouble.ts";
import type { HomePublisher } from "../slack/home/home-publisher.ts";
import { isRequestMessageKey } from "../slack/notifier.ts";
import { dispatcherClient } from "../slack/slack-app.ts";
import { withStepCompletions } from "../slack/workflow-step/step-completion.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import type { Engine } from "./engine.ts";

export interface DeliveryOptions {
  readonly slack: SlackConfig;
  readonly outbox: OutboxStore;
  readonly home: HomePublisher;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Outbox polling; tests make it quick. */
  readonly pollMs?: number | undefined;
  /** Deliveries in flight at once; the dispatcher's default when unset. */
  readonly concurrency?: number | undefined;
}

/**
 * The outbox dispatcher, sending to Slack: woken by every commit that queued messages, counting
 * deliveries and failures, telling makers about checkers Slack could not reach. Not started yet.
 */
export function createDelivery(engine: Engine, options: DeliveryOptions): OutboxDispatcher {
  const { outbox, home, metrics } = options;
  const trouble: DeliveryTroubleDeps = {
    outbox,
    findRequest: (id) => engine.requests.findById(id),
    actions: engine.actions,
    clock: options.clock,
  };
  const slack = dispatcherClient(options.slack);
  const dispatcher = new OutboxDispatcher({
    store: outbox,
    deliver: withUnreached(withStepCompletions(slackDeliverer(slack), slack), trouble),
    clock: options.clock,
    logger: options.logger,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    // Wait for Slack's published limits rather than meet a storm of 429s; a stand-in that
    // never refuses (the benchmark's) can do without them.
    ...(options.slack.outboxRateLimits === "off" ? {} : { limits: slackDeliveryLimits }),
    // Every change of a request edits its maker's and checkers' messages: their Home follows.
    onDelivered: async (message) => {
      metrics.outboxDelivered.inc();
      if (isRequestMessageKey(message.key)) home.refreshSoon(message.recipient);
      await afterDelivered(trouble, message);
    },
    onFailure: async (message, failure) => {
      (failure.dead ? metrics.outboxDeadLetters : metrics.outboxRetries).inc();
      await afterFailure(trouble, message, failure);
    },
  });
  engine.onOutboxQueued(() => dispatcher.wake());
  return dispatcher;
}
