import type { JsonObject } from "../core/json.ts";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventType } from "../requests/audit-events.ts";
import type { RequestRecord } from "../requests/types.ts";
import { toRecord } from "./request-rows.ts";
import { eventPage, requestEventPage, requestPage } from "./trail-pages.ts";

/** Long enough for a request with a very long history to be re-read in one snapshot. */
const SNAPSHOT_TIMEOUT_MS = 60_000;

type Db = Pick<PrismaClient, "auditEvent" | "request" | "$queryRaw">;

/** Which events to read; every condition given must hold. */
export interface EventFilter {
  readonly since?: Date;
  readonly requestNumber?: number;
  readonly requestIds?: readonly string[];
  readonly type?: AuditEventType;
}

/**
 * The audit tools' reads of audit_events and requests (their TrailReader port, in
 * audit/trail-reader.ts), with Prisma; it writes nothing. It implements the port by its shape
 * rather than by name, so that db/ does not depend on audit/: the CLI that wires it, and its
 * test, check that it fits.
 */
export class PrismaTrailReader {
  readonly #db: Db;
  readonly #prisma: PrismaClient | null;

  /** `prisma`: a client, or a transaction's client (whose snapshot `inSnapshot` then reuses). */
  constructor(prisma: PrismaClient | Prisma.TransactionClient) {
    this.#db = prisma;
    this.#prisma = "$transaction" in prisma ? prisma : null;
  }

  /**
   * Keyset pagination (seq > last) rather than OFFSET, so every page costs the same however deep
   * into millions of events it is.
   */
  events(filter: EventFilter, batchSize: number): AsyncGenerator<AuditEvent> {
    if (filter.requestIds?.length === 0)
      return prefetched(
        async () => [],
        () => 0,
        1,
      );
    const where = eventWhere(filter);
    return prefetched(
      (after: number | undefined) => eventPage(this.#db, where, after, batchSize),
      (last) => last.seq,
      batchSize,
    );
  }

  /**
   * Paged by (request_id, seq): the order of the index on those columns. Paged by seq alone,
   * PostgreSQL walks the primary key from the start of the trail for every page, filtering, and
   * verify turns quadratic.
   */
  eventsOfRequests(ids: readonly string[], batchSize: number): AsyncGenerator<AuditEvent> {
    return prefetched(
      (after: { requestId: string; seq: number } | undefined) =>
        requestEventPage(this.#db, ids, after, batchSize),
      (last) => ({ requestId: last.requestId as string, seq: last.seq }),
      batchSize,
    );
  }

  async head(): Promise<{ seq: number; hash: string; at: Date } | null> {
    const head = await this.#db.auditEvent.findFirst({
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true, at: true },
    });
    return head ? { seq: Number(head.seq), hash: head.hash, at: head.at } : null;
  }

  async creationEvent(requestId: string): Promise<Pick<AuditEvent, "type" | "details"> | null> {
    const row = await this.#db.auditEvent.findFirst({
      where: { requestId, type: "REQUEST_CREATED" },
      orderBy: { seq: "asc" },
      select: { details: true },
    });
    return row ? { type: "REQUEST_CREATED", details: row.details as JsonObject } : null;
  }

  /** One anti-join, answered by the server; only the first offender is fetched. */
  async firstOrphan(): Promise<{
    seq: number;
    type: string;
    requestNumber: number | null;
    requestId: string;
  } | null> {
    const [orphan] = await this.#db.$queryRaw<
      { seq: bigint | number; type: string; requestNumber: number | null; requestId: string }[]
    >`
      SELECT e.seq, e.type, e.request_number AS "requestNumber", e.request_id::text AS "requestId"
      FROM audit_events e
      WHERE e.request_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = e.request_id)
      ORDER BY e.seq
      LIMIT 1`;
    return orphan ? { ...orphan, seq: Number(orphan.seq) } : null;
  }

  async requestsAfter(after: number | undefined, limit: number): Promise<RequestRecord[]> {
    return requestPage(this.#db, after, limit);
  }

  async request(id: string): Promise<RequestRecord | null> {
    const row = await this.#db.request.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  inSnapshot<T>(read: (trail: PrismaTrailReader) => Promise<T>): Promise<T> {
    // Already a transaction: its snapshot is the one to read.
    if (this.#prisma === null) return read(this);
    return this.#prisma.$transaction((tx) => read(new PrismaTrailReader(tx)), {
      isolationLevel: "RepeatableRead",
      timeout: SNAPSHOT_TIMEOUT_MS,
      maxWait: SNAPSHOT_TIMEOUT_MS,
    });
  }
}

function eventWhere(filter: EventFilter): Prisma.Sql {
  const conditions = [
    filter.since === undefined ? null : Prisma.sql`at >= ${filter.since}::timestamptz`,
    filter.requestNumber === undefined
      ? null
      : Prisma.sql`request_number = ${filter.requestNumber}::int4`,
    filter.requestIds === undefined
      ? null
      : Prisma.sql`request_id = ANY(${filter.requestIds}::uuid[])`,
    filter.type === undefined ? null : Prisma.sql`type = ${filter.type}`,
  ].filter((condition) => condition !== null);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}

/**
 * Pages from `fetch`, each asked for while the one before is being consumed: the database (a
 * server, or PGlite) works on the next page while verify hashes this one.
 */
async function* prefetched<T, C>(
  fetch: (after: C | undefined) => Promise<T[]>,
  cursorOf: (last: T) => C,
  batchSize: number,
): AsyncGenerator<T> {
  let next: Promise<T[]> | null = fetch(undefined);
  while (next !== null) {
    const rows: T[] = await next;
    const last = rows.at(-1);
    next = last === undefined || rows.length < batchSize ? null : fetch(cursorOf(last));
    // A consumer that stops early (verify at a broken link) leaves the prefetch unread.
    next?.catch(() => {});
    yield* rows;
  }
}
