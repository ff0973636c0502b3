import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { describeError } from "../../core/errors.ts";
import { type AuditSink, type SinkBatch, SinkFailure } from "./sink.ts";

/** The duplicate window of a stream this sink creates: longer than the longest back-off. */
const DUPLICATE_WINDOW_MS = 60 * 60_000;

export interface NatsSinkOptions {
  /** nats://host:port (a comma-separated list for a cluster). */
  readonly url: string;
  readonly subject: string;
  /** A stream to create (capturing `subject`) when missing; unset: one must already capture it. */
  readonly stream?: string | undefined;
  readonly batchSize: number;
  /** How long JetStream has to acknowledge a message; 5 s by default. */
  readonly timeoutMs?: number;
}

/**
 * Publishes one JetStream message per line, each with the message id "nats-<seq>" (a checkpoint:
 * "nats-checkpoint-<seq>-<signature>"), so the stream's duplicate window drops what is sent
 * again; one at a time, each acknowledged before the next, so the stream keeps the chain's order.
 */
export function natsSink(options: NatsSinkOptions): AuditSink {
  const timeout = options.timeoutMs ?? 5_000;
  let connection: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;
  const connected = () => {
    connection ??= open(options, timeout).catch((error: unknown) => {
      connection = null;
      throw new SinkFailure(`NATS at ${options.url}: ${describeError(error)}`, { cause: error });
    });
    return connection;
  };
  return {
    name: "nats",
    batchSize: options.batchSize,
    deliver: async (batch) => {
      const { js } = await connected();
      const ids = messageIds(batch);
      for (const [i, line] of batch.lines.entries()) {
        try {
          await js.publish(options.subject, line, { msgID: ids[i] as string, timeout });
        } catch (error) {
          throw new SinkFailure(
            `JetStream did not acknowledge ${ids[i]} on ${options.subject}: ${describeError(error)}`,
            { cause: error },
          );
        }
      }
    },
    probe: async () => {
      const { nc } = await connected();
      const jsm = await jetstreamManager(nc, { timeout });
      const stream = options.stream ?? (await jsm.streams.find(options.subject));
      await jsm.streams.info(stream);
    },
    close: async () => {
      const open = connection;
      connection = null;
      const opened = await open?.catch(() => null);
      await opened?.nc.drain().catch(() => {});
    },
  };
}

/** One id per line: the event's seq, or the checkpoint's seq and signature. */
function messageIds(batch: SinkBatch): string[] {
  if (batch.kind === "checkpoint") {
    const signature = (JSON.parse(batch.lines[0] ?? "{}") as { signature?: string }).signature;
    return [`nats-checkpoint-${batch.first}-${(signature ?? "").slice(0, 16)}`];
  }
  return batch.seqs.map((seq) => `nats-${seq}`);
}

async function open(options: NatsSinkOptions, timeout: number) {
  const nc = await connect({
    servers: options.url.split(",").map((server) => server.trim()),
    timeout,
    name: "four-eyes-audit-sink",
  });
  try {
    if (options.stream) await ensureStream(nc, options.stream, options.subject, timeout);
    return { nc, js: jetstream(nc, { timeout }) };
  } catch (error) {
    await nc.close().catch(() => {});
    throw error;
  }
}

async function ensureStream(nc: NatsConnection, name: string, subject: string, timeout: number) {
  const jsm = await jetstreamManager(nc, { timeout });
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) {
      throw error;
    }
    await jsm.streams.add({
      name,
      subjects: [subject],
      duplicate_window: DUPLICATE_WINDOW_MS * 1_000_000,
    });
  }
}
