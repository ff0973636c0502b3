import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { cachedSnapshot, type SnapshotCacheOptions } from "./snapshot-cache.ts";

/** What /metrics reads from the database (at most once per 15 s): the same on every replica. */
export interface MetricsSnapshot {
  /** Requests by action and status, every request ever filed. */
  readonly requests: readonly { actionId: string; status: string; count: number }[];
  /** Outbox messages waiting to go out, and those given up on. */
  readonly outbox: { readonly pending: number; readonly dead: number };
}

export type SlackRequestKind =
  | "command"
  | "block_actions"
  | "view_submission"
  | "view_closed"
  | "block_suggestion"
  | "event"
  | "other";

/**
 * The bot's Prometheus metrics. Counters count what this process did (sum them over replicas);
 * the gauges read from the database describe the whole deployment (take any one replica's).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly transitions = new Counter({
    name: "four_eyes_request_transitions_total",
    help: "Requests that entered each status, by action and status.",
    labelNames: ["action", "status"] as const,
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: "four_eyes_decisions_total",
    help: "Checker decisions: each approval recorded, and each decline.",
    labelNames: ["action", "decision"] as const,
    registers: [this.registry],
  });
  readonly executions = new Counter({
    name: "four_eyes_executions_total",
    help: "Actions run, by outcome (finished or failed).",
    labelNames: ["action", "outcome"] as const,
    registers: [this.registry],
  });
  readonly executionSeconds = new Histogram({
    name: "four_eyes_execution_duration_seconds",
    help: "How long actions took to run, from start to outcome.",
    labelNames: ["action", "outcome"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly ackSeconds = new Histogram({
    name: "four_eyes_slack_ack_seconds",
    help: "Time from receiving a Slack request to acknowledging it (Slack gives up after 3 s).",
    labelNames: ["kind"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [this.registry],
  });
  readonly outboxDelivered = new Counter({
    name: "four_eyes_outbox_delivered_total",
    help: "Slack messages posted or updated from the outbox.",
    registers: [this.registry],
  });
  readonly outboxRetries = new Counter({
    name: "four_eyes_outbox_retries_total",
    help: "Outbox deliveries that failed and will be tried again.",
    registers: [this.registry],
  });
  readonly outboxDeadLetters = new Counter({
    name: "four_eyes_outbox_dead_total",
    help: "Outbox messages given up on by this process.",
    registers: [this.registry],
  });
  readonly reminders = new Counter({
    name: "four_eyes_reminders_total",
    help: "Reminders sent to checkers by the sweep.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly nudges = new Counter({
    name: "four_eyes_nudges_total",
    help: "Makers nudging their checkers.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly escalations = new Counter({
    name: "four_eyes_escalations_total",
    help: "Requests escalated after their reminders went unanswered.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly expiries = new Counter({
    name: "four_eyes_expiries_total",
    help: "Requests expired without a decision.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly breakGlass = new Counter({
    name: "four_eyes_break_glass_total",
    help: "Requests run by breaking the glass, without a checker.",
    labelNames: ["action", "environment"] as const,
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: "four_eyes_refused_attempts_total",
    help: "Attempts refused and recorded (not the checker, already decided, ...).",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });

  readonly sinkDelivered = new Counter({
    name: "four_eyes_audit_sink_delivered_total",
    help: "Audit events a sink's receiver acknowledged, by sink (this process).",
    labelNames: ["sink"] as const,
    registers: [this.registry],
  });
  readonly sinkFailures = new Counter({
    name: "four_eyes_audit_sink_failures_total",
    help: "Deliveries to an audit sink that failed and will be tried again, by sink.",
    labelNames: ["sink"] as const,
    registers: [this.registry],
  });
  readonly sinkLag = new Gauge({
    name: "four_eyes_audit_sink_lag_events",
    help: "Audit events written but not yet delivered to a sink, as this process last saw it.",
    labelNames: ["sink"] as const,
    registers: [this.registry],
  });

  constructor(snapshot?: () => Promise<MetricsSnapshot>, cache: SnapshotCacheOptions = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: "four_eyes_" });
    // One database read serves every gauge of a scrape, and the scrapes of the next 15 s.
    if (snapshot) this.#registerSnapshot(cachedSnapshot(snapshot, cache));
  }

  #registerSnapshot(read: () => Promise<MetricsSnapshot | null>) {
    const registry = this.registry;
    new Gauge({
      name: "four_eyes_database_up",
      help: "1 when the last read of the database (at most 15 s old) succeeded, 0 when it failed.",
      registers: [registry],
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
    new Gauge({
      name: "four_eyes_requests",
      help: "Requests in the database by action and status (the same on every replica).",
      labelNames: ["action", "status"] as const,
      registers: [registry],
      async collect() {
        const current = await read();
        if (!current) return; // Keep the last values rather than report zeros.
        this.reset();
        for (const row of current.requests) {
          this.set({ action: row.actionId, status: row.status }, row.count);
        }
      },
    });
    new Gauge({
      name: "four_eyes_outbox_messages",
      help: "Outbox messages by state: pending (waiting to go out) and dead (given up on).",
      labelNames: ["state"] as const,
      registers: [registry],
      async collect() {
        const current = await read();
        if (!current) return;
        this.set({ state: "pending" }, current.outbox.pending);
        this.set({ state: "dead" }, current.outbox.dead);
      },
    });
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
