import { anchorCheckpoint } from "../audit/sinks/anchor-checkpoint.ts";
import { buildSinks } from "../audit/sinks/build-sinks.ts";
import { SinkDelivery } from "../audit/sinks/sink-delivery.ts";
import { anySink, type SinksConfig } from "../config/sinks-config.ts";
import type { Clock } from "../core/clock.ts";
import type { JsonObject } from "../core/json.ts";
import type { Logger } from "../core/logger.ts";
import { sinkCursors, sinkEvents, trailReader } from "../db/ports.ts";
import type { OutboxStore } from "../outbox/outbox-store.ts";
import { type CronJob, type StartCron, startCronJob } from "../scheduler/cron-job.ts";
import { renderCheckpointNotice } from "../slack/views/checkpoint-notice.ts";
import type { Metrics } from "../telemetry/metrics.ts";
import type { Engine } from "./engine.ts";

/** The audit sinks: the delivery loops, and the checkpoints they carry on a schedule. */
export interface AuditSinks {
  readonly delivery: SinkDelivery;
  /** Takes a checkpoint now (what the schedule runs). */
  anchor(): Promise<void>;
  start(startCron?: StartCron): void;
  stop(): Promise<void>;
}

export interface AuditSinksOptions {
  readonly sinks: SinksConfig;
  /** AUDIT_CHANNEL: each new checkpoint is posted there too. */
  readonly auditChannel: string | undefined;
  readonly outbox: Pick<OutboxStore, "enqueue">;
  /** Tells the outbox dispatcher a message is waiting. */
  readonly wakeOutbox: () => void;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: typeof fetch | undefined;
  /** Idle polling of the sinks; 1 s when unset. */
  readonly pollMs?: number | undefined;
}

/** Null when no sink is configured: the trail then stays in the database only. */
export function createAuditSinks(engine: Engine, options: AuditSinksOptions): AuditSinks | null {
  const { sinks: config, metrics, clock, logger, auditChannel } = options;
  if (!anySink(config)) return null;
  const sinks = buildSinks(config, { clock, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const cursors = sinkCursors(engine.database);
  const delivery = new SinkDelivery({
    sinks,
    cursors,
    events: sinkEvents(engine.database),
    holder: `${engine.lease.instance}#${engine.lease.incarnation}`,
    clock,
    logger,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    observer: {
      delivered: (sink, events) => metrics.sinkDelivered.inc({ sink }, events),
      failed: (sink) => metrics.sinkFailures.inc({ sink }),
      lag: (sink, events) => metrics.sinkLag.set({ sink }, events),
    },
  });
  // Every commit of a request's change appended events; the poll catches the others.
  engine.onCommitted(() => delivery.wake());
  const anchor = async () => {
    const { checkpoint, offered } = await anchorCheckpoint({
      trail: trailReader(engine.database),
      key: engine.auditKey.key,
      cursors,
      sinks: sinks.map((sink) => sink.name),
      announce: auditChannel
        ? async (taken) => {
            // Keyed by the head: every replica, and every quiet hour, posts it once.
            await options.outbox.enqueue(
              {
                key: `audit-checkpoint:${taken.seq}:${taken.hash.slice(0, 16)}`,
                requestId: null,
                recipient: auditChannel,
                threadKey: null,
                payload: renderCheckpointNotice(taken) as unknown as JsonObject,
              },
              clock.now(),
            );
            options.wakeOutbox();
          }
        : undefined,
    });
    if (offered > 0) {
      logger.info(`Audit checkpoint of event #${checkpoint.seq} queued for ${offered} sink(s)`);
      delivery.wake();
    }
  };
  let cron: CronJob | null = null;
  return {
    delivery,
    anchor,
    start: (startCron) => {
      delivery.start();
      cron = startCronJob(config.checkpointCron, anchor, logger, startCron, "audit checkpoint");
    },
    stop: async () => {
      await cron?.stop();
      cron = null;
      await delivery.stop();
    },
  };
}
