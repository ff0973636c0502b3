import canonicalize from "canonicalize";
import type { AuditEvent } from "../requests/audit-events.ts";
import { csvRow } from "./csv.ts";
import { type ExportMasking, maskEvents } from "./mask-export.ts";
import { toMermaid } from "./mermaid.ts";
import { DEFAULT_BATCH_SIZE, type EventFilter, type EventReader } from "./trail-reader.ts";

export interface ExportFilter {
  /** Events written at or after this instant. */
  readonly since?: Date;
  /** Only the events of the request with this number. */
  readonly requestNumber?: number;
  /** Only the events of requests run by breaking the glass: each use's whole story. */
  readonly breakGlass?: boolean;
  readonly batchSize?: number;
}

/** Turns a stream of events, oldest first, into a stream of text chunks. */
export interface ExportFormat {
  readonly description: string;
  render(events: AsyncIterable<AuditEvent>): AsyncIterable<string>;
  /** The format draws one request (a whole trail would be unreadable): the CLI wants --request. */
  readonly oneRequest?: boolean;
  /**
   * The format is for reading, so it masks sensitive values unless asked not to. JSON lines are
   * the sealed record itself (re-checkable against the hashes), so they are written verbatim.
   */
  readonly masks?: boolean;
}

/**
 * The formats `audit export --format` offers. A new one (say, a mermaid diagram of a request's
 * lifecycle) is one more entry; the CLI lists and validates formats from this table.
 */
export const EXPORT_FORMATS = {
  jsonl: { description: "one JSON object per event and line", render: toJsonLines },
  csv: { description: "RFC 4180 CSV with a header row", render: toCsv, masks: true },
  mermaid: {
    description: "a Mermaid sequence diagram of one request's story",
    render: toMermaid,
    oneRequest: true,
    masks: true,
  },
} as const satisfies Record<string, ExportFormat>;
export type ExportFormatName = keyof typeof EXPORT_FORMATS;

export function isExportFormat(name: string): name is ExportFormatName {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

/** The matching events, oldest first, streamed from the database a page at a time. */
export async function* exportedEvents(
  trail: Pick<EventReader, "events">,
  filter: ExportFilter = {},
): AsyncGenerator<AuditEvent> {
  const batchSize = filter.batchSize ?? DEFAULT_BATCH_SIZE;
  const where: EventFilter = {
    ...(filter.since === undefined ? {} : { since: filter.since }),
    // request_number rather than the request's id: the events of a deleted request are found too.
    ...(filter.requestNumber === undefined ? {} : { requestNumber: filter.requestNumber }),
  };
  if (!filter.breakGlass) {
    yield* trail.events(where, batchSize);
    return;
  }
  // Found in the trail itself, not the requests table: the trail is what is sealed.
  const ids = new Set<string>();
  for await (const use of trail.events({ ...where, type: "BREAK_GLASS_USED" }, batchSize)) {
    if (use.requestId) ids.add(use.requestId);
  }
  if (ids.size === 0) return;
  yield* trail.events({ ...where, requestIds: [...ids] }, batchSize);
}

/** The export as text chunks; a format that `masks` masks sensitive values when given `masking`. */
export function exportAuditTrail(
  trail: Pick<EventReader, "events">,
  format: ExportFormatName,
  filter: ExportFilter = {},
  masking?: ExportMasking,
): AsyncIterable<string> {
  const spec: ExportFormat = EXPORT_FORMATS[format];
  const events = exportedEvents(trail, filter);
  return spec.render(masking && spec.masks ? maskEvents(events, masking) : events);
}

/**
 * Every stored field as RFC 8785 canonical JSON. Without its `hash`, a line is exactly what the
 * hash covers, so whoever holds the key can re-check an export away from the database.
 */
export function eventJson(event: AuditEvent): string {
  const text = canonicalize({ ...event, at: event.at.toISOString() });
  if (text === undefined) throw new Error(`audit event ${event.seq} cannot be canonicalized`);
  return text;
}

export async function* toJsonLines(events: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  for await (const event of events) yield `${eventJson(event)}\n`;
}

export const CSV_COLUMNS = [
  "seq",
  "at",
  "type",
  "request_number",
  "request_id",
  "actor",
  "from_status",
  "to_status",
  "correlation_id",
  "causation_id",
  "details",
  "key_id",
  "prev_hash",
  "hash",
] as const;

export async function* toCsv(events: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  yield csvRow(CSV_COLUMNS);
  for await (const e of events) {
    yield csvRow([
      e.seq,
      e.at.toISOString(),
      e.type,
      e.requestNumber,
      e.requestId,
      e.actor,
      e.fromStatus,
      e.toStatus,
      e.correlationId,
      e.causationId,
      canonicalize(e.details) ?? "{}",
      e.keyId,
      e.prevHash,
      e.hash,
    ]);
  }
}
