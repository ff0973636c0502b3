import { type ChainHead, EMPTY_HEAD, sealEvent } from "../audit/chain.ts";
import type { AuditEvent, AuditEventDraft, AuditEventType } from "../audit/events.ts";
import type { AuditKey } from "../audit/key.ts";
import type { JsonObject, JsonValue } from "../core/json.ts";
import type {
  AuditEvent as AuditEventRow,
  Request as RequestRow,
} from "../generated/prisma/client.ts";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import { evolve } from "../requests/replay.ts";
import type { RequestStore, Written } from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";

type Tx = Prisma.TransactionClient;

/**
 * Serialises appends to the one audit chain across every process sharing the database. A
 * transaction-level lock, released by commit or rollback: session-level locks would leak with a
 * connection pool.
 */
const AUDIT_CHAIN_LOCK = 0x4175_6469; // "Audi"

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

export class PrismaRequestStore implements RequestStore {
  readonly #prisma: PrismaClient;
  readonly #key: AuditKey;

  constructor(prisma: PrismaClient, key: AuditKey) {
    this.#prisma = prisma;
    this.#key = key;
  }

  async findById(id: string): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByNumber(number: number): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { number } });
    return row ? toRecord(row) : null;
  }

  insert(makeEvent: (number: number) => AuditEventDraft): Promise<Written> {
    return this.#prisma.$transaction(async (tx) => {
      const [{ number }] = await tx.$queryRaw<[{ number: number }]>`
        SELECT nextval(pg_get_serial_sequence('requests', 'number'))::int AS number`;
      const event = await this.#appendIn(tx, makeEvent(number));
      const request = evolve(null, event);
      await tx.request.create({ data: toRow(request) });
      return { request, event };
    }, TX_OPTIONS);
  }

  transition(current: RequestRecord, draft: AuditEventDraft): Promise<Written | null> {
    return this.#prisma.$transaction(async (tx) => {
      const request = evolve(current, draft);
      // The compare-and-set: it matches only if nobody changed the request since `current`.
      const { count } = await tx.request.updateMany({
        where: { id: current.id, version: current.version },
        data: toRow(request),
      });
      if (count === 0) return null;
      const event = await this.#appendIn(tx, draft);
      return { request, event };
    }, TX_OPTIONS);
  }

  append(draft: AuditEventDraft): Promise<AuditEvent> {
    return this.#prisma.$transaction((tx) => this.#appendIn(tx, draft), TX_OPTIONS);
  }

  async eventsOf(correlationId: string): Promise<AuditEvent[]> {
    const rows = await this.#prisma.auditEvent.findMany({
      where: { correlationId },
      orderBy: { seq: "asc" },
    });
    return rows.map(toAuditEvent);
  }

  async #appendIn(tx: Tx, draft: AuditEventDraft): Promise<AuditEvent> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
    const last = await tx.auditEvent.findFirst({
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true },
    });
    const head: ChainHead = last ? { seq: Number(last.seq), hash: last.hash } : EMPTY_HEAD;
    const event = sealEvent(this.#key, head, draft);
    await tx.auditEvent.create({ data: toEventRow(event) });
    return event;
  }
}

function jsonOrNull(value: JsonValue | null) {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

function toRow(request: RequestRecord) {
  return {
    ...request,
    params: request.params as Prisma.InputJsonObject,
    checkerIds: [...request.checkerIds],
    approvedBy: [...request.approvedBy],
    result: jsonOrNull(request.result),
  };
}

export function toRecord(row: RequestRow): RequestRecord {
  return {
    ...row,
    params: row.params as JsonObject,
    result: (row.result ?? null) as JsonValue | null,
  };
}

function toEventRow(event: AuditEvent) {
  return { ...event, seq: BigInt(event.seq), details: event.details as Prisma.InputJsonObject };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  // An unknown type is reported by replay, not hidden here.
  return {
    ...row,
    type: row.type as AuditEventType,
    seq: Number(row.seq),
    details: row.details as JsonObject,
  };
}
