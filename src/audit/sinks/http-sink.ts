import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.ts";
import { describeError } from "../../core/errors.ts";
import { SIGNATURE_HEADER, signDelivery, unixSeconds } from "../../factory/webhook-signature.ts";
import { type AuditSink, type SinkBatch, SinkFailure } from "./sink.ts";

/** Which lines of the trail a request carries: "<first seq>-<last seq>". */
export const SEQ_HEADER = "Four-Eyes-Audit-Seq";
/** "events" or "checkpoint". */
export const KIND_HEADER = "Four-Eyes-Audit-Kind";

export interface HttpSinkOptions {
  readonly url: string;
  /** Signs every request as webhook actions are signed (Four-Eyes-Signature). */
  readonly secret: string;
  readonly batchSize: number;
  /** One more header a collector wants, e.g. Authorization: Splunk <token>. */
  readonly header?: { readonly name: string; readonly value: string } | undefined;
  readonly clock: Clock;
  readonly fetch?: typeof fetch;
  /** How long the collector has to answer; 10 s by default. */
  readonly timeoutMs?: number;
}

/**
 * POSTs batches of lines as JSON lines (application/x-ndjson) to a collector: Splunk HEC's raw
 * endpoint, Vector's or Fluent Bit's HTTP input, anything that reads one JSON object per line.
 * Only a 2xx answer counts as received.
 */
export function httpSink(options: HttpSinkOptions): AuditSink {
  const send = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const post = async (batch: SinkBatch | null) => {
    const body = new TextEncoder().encode(
      batch ? batch.lines.map((line) => `${line}\n`).join("") : "",
    );
    const id = batch ? `http-${batch.kind}-${batch.first}-${batch.last}` : `probe-${randomUUID()}`;
    const signature = signDelivery(
      { timestamp: unixSeconds(options.clock.now()), idempotencyKey: id, body },
      options.secret,
    );
    const headers: Record<string, string> = {
      "Content-Type": "application/x-ndjson",
      "Idempotency-Key": id,
      [SIGNATURE_HEADER]: signature,
      [KIND_HEADER]: batch ? batch.kind : "probe",
      ...(batch ? { [SEQ_HEADER]: `${batch.first}-${batch.last}` } : {}),
      ...(options.header ? { [options.header.name]: options.header.value } : {}),
    };
    let response: Response;
    try {
      response = await send(options.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SinkFailure(`POST ${safeUrl(options.url)} failed: ${describeError(error)}`, {
        cause: error,
      });
    }
    await response.body?.cancel().catch(() => {});
    if (!response.ok) {
      throw new SinkFailure(`POST ${safeUrl(options.url)} answered HTTP ${response.status}`);
    }
  };
  return {
    name: "http",
    batchSize: options.batchSize,
    deliver: (batch) => post(batch),
    // A signed POST with an empty body: it reaches the collector, and it checks the secret.
    probe: () => post(null),
    close: async () => {},
  };
}

/** The URL without credentials or query (a token may be there), for messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(the sink's URL)";
  }
}
