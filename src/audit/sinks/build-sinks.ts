import type { SinksConfig } from "../../config/sinks-config.ts";
import type { Clock } from "../../core/clock.ts";
import { fileSink } from "./file-sink.ts";
import { httpSink } from "./http-sink.ts";
import { natsSink } from "./nats-sink.ts";
import type { AuditSink } from "./sink.ts";

/** Events per batch for the file and NATS sinks (HTTP: AUDIT_SINK_HTTP_BATCH). */
const BATCH = 500;

/** The configured sinks, not connected yet: nothing is opened before the first delivery. */
export function buildSinks(
  config: SinksConfig,
  deps: { readonly clock: Clock; readonly fetch?: typeof fetch },
): AuditSink[] {
  const sinks: AuditSink[] = [];
  if (config.http) {
    sinks.push(
      httpSink({
        ...config.http,
        clock: deps.clock,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }),
    );
  }
  if (config.file) sinks.push(fileSink({ ...config.file, batchSize: BATCH }));
  if (config.nats) sinks.push(natsSink({ ...config.nats, batchSize: BATCH }));
  return sinks;
}
