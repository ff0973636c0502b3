import type { JsonObject } from "../core/json.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventType } from "../requests/audit-events.ts";
import type { RequestRecord } from "../requests/types.ts";
import { toAuditEvent, toRecord } from "./request-rows.ts";

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
  async *events(filter: EventFilter, batchSize: number): AsyncGenerator<AuditEvent> {
    const where = eventWhere(filter);
    // No lower bound on the first page: a forged row with seq 0 or below must be seen too.
    let after: bigint | undefined;
    for (;;) {
      const rows = await this.#db.auditEvent.findMany({
        where: after === undefined ? where : { AND: [where, { seq: { gt: after } }] },
        orderBy: { seq: "asc" },
        take: batchSize,
      });
      for (const row of rows) yield toAuditEvent(row);
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = last.seq;
    }
  }

  /**
   * Paged by (request_id, seq): the order of the index on those columns. Paged by seq alone,
   * PostgreSQL walks the primary key from the start of the trail for every page, filtering, and
   * verify turns quadratic.
   */
  async *eventsOfRequests(ids: readonly string[], batchSize: number): AsyncGenerator<AuditEvent> {
    let after: { readonly requestId: string; readonly seq: bigint } | undefined;
    for (;;) {
      const rows = await this.#db.auditEvent.findMany({
        where: {
          requestId: { in: [...ids] },
          ...(after && {
            OR: [
              { requestId: { gt: after.requestId } },
              { requestId: after.requestId, seq: { gt: after.seq } },
            ],
          }),
        },
        orderBy: [{ requestId: "asc" }, { seq: "asc" }],
        take: batchSize,
      });
      for (const row of rows) yield toAuditEvent(row);
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = { requestId: last.requestId as string, seq: last.seq };
    }
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
    const rows = await this.#db.request.findMany({
      where: after === undefined ? {} : { number: { gt: after } },
      orderBy: { number: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
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

function eventWhere(filter: EventFilter): Prisma.AuditEventWhereInput {
  return {
    ...(filter.since === undefined ? {} : { at: { gte: filter.since } }),
    ...(filter.requestNumber === undefined ? {} : { requestNumber: filter.requestNumber }),
    ...(filter.requestIds === undefined ? {} : { requestId: { in: [...filter.requestIds] } }),
    ...(filter.type === undefined ? {} : { type: filter.type }),
  };
}
