import type { Logger } from "../core/logger.ts";
import { databaseProbes, metricsSnapshot } from "../db/ports.ts";
import { Metrics } from "../telemetry/metrics.ts";
import type { OpsEndpoints } from "../telemetry/ops-endpoints.ts";
import { observeTrail } from "../telemetry/trail-observer.ts";
import type { Engine } from "./engine.ts";

/** /metrics' counters and gauges: the gauges read from the database, the rest from the trail. */
export function startTelemetry(engine: Engine, logger: Logger): Metrics {
  const metrics = new Metrics(metricsSnapshot(engine.database));
  engine.onCommitted(observeTrail(logger, metrics));
  return metrics;
}

/** What the bot's state looks like from outside, as /healthz, /readyz and /metrics answer it. */
export interface BotState {
  readonly started: boolean;
  readonly slackAuthenticated: boolean;
  readonly dispatcherRunning: boolean;
}

export function opsEndpoints(
  engine: Engine,
  metrics: Metrics,
  servesPrivate: boolean,
  state: () => BotState,
): OpsEndpoints {
  return {
    metrics,
    isStarted: () => state().started,
    servesPrivate,
    probes: {
      ...databaseProbes(engine.database),
      slackAuthenticated: () => state().slackAuthenticated,
      dispatcherRunning: () => state().dispatcherRunning,
    },
  };
}
