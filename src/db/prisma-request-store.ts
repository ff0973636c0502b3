import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import type { LeaseHolder } from "../requests/lease.ts";
import { type Change, type Notifier, noNotifications } from "../requests/notifications.ts";
import type { RefusedAttempt, RepeatSealing } from "../requests/refused-attempts.ts";
import { evolve } from "../requests/replay.ts";
import type { RequestStatus } from "../requests/status.ts";
import type {
  CommittedEvent,
  ExecutionLease,
  FiledRecently,
  RequestStore,
  Scheduler,
  Written,
} from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";
import type { AuditKey } from "../trail/key.ts";
import { appendSealed } from "./audit-append.ts";
import * as leases from "./execution-leases.ts";
import { filedSince } from "./maker-activity.ts";
import { insertOutboxRow } from "./outbox-rows.ts";
import { closedTallies, recordRefusal, takeClosedTally } from "./refusal-tallies.ts";
import { toAuditEvent, toRecord, toRow } from "./request-rows.ts";

type Tx = Prisma.TransactionClient;

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

export interface RequestStoreOptions {
  /** Messages each change needs; written to the outbox in the change's transaction. */
  readonly notify?: Notifier;
  /** Called after a commit that wrote to the outbox, so a dispatcher can send at once. */
  readonly onOutbox?: () => void;
  /** Called after each commit with the events it appended, in order: for logs and metrics. */
  readonly onCommitted?: (events: readonly CommittedEvent[]) => void;
  readonly now?: () => Date;
  /** When the sweep must look at a request next; never, when absent. */
  readonly schedule?: Scheduler;
}

const OPEN_STATUSES: RequestStatus[] = ["PENDING", "APPROVED", "EXECUTING"];

export class PrismaRequestStore implements RequestStore {
  readonly #prisma: PrismaClient;
  readonly #key: AuditKey;
  readonly #notify: Notifier;
  readonly #onOutbox: () => void;
  readonly #onCommitted: (events: readonly CommittedEvent[]) => void;
  readonly #now: () => Date;
  readonly #schedule: Scheduler;

  constructor(prisma: PrismaClient, key: AuditKey, options: RequestStoreOptions = {}) {
    this.#prisma = prisma;
    this.#key = key;
    this.#notify = options.notify ?? noNotifications;
    this.#onOutbox = options.onOutbox ?? (() => {});
    this.#onCommitted = options.onCommitted ?? (() => {});
    this.#now = options.now ?? (() => new Date());
    this.#schedule = options.schedule ?? (() => null);
  }

  async findById(id: string): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByNumber(number: number): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { number } });
    return row ? toRecord(row) : null;
  }

  async findByStatus(status: RequestStatus, limit: number): Promise<RequestRecord[]> {
    const rows = await this.#prisma.request.findMany({
      where: { status },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
  }

  insert(
    makeEvent: (number: number) => AuditEventDraft,
    then?: (created: RequestRecord) => AuditEventDraft,
  ): Promise<Written> {
    return this.#write(async (tx) => {
      const [{ number }] = await tx.$queryRaw<[{ number: number }]>`
        SELECT nextval(pg_get_serial_sequence('requests', 'number'))::int AS number`;
      const created = await this.#appendIn(tx, makeEvent(number));
      const first = evolve(null, created);
      const followUp = then ? await this.#appendIn(tx, then(first)) : null;
      const request = followUp ? evolve(first, followUp) : first;
      const event = followUp ?? created;
      await tx.request.create({ data: { ...toRow(request), dueAt: this.#schedule(request) } });
      // One change as far as messages go: only where it ended up is worth telling.
      const queued = await this.#enqueueIn(tx, { request, event, previous: null });
      const committed: CommittedEvent[] = [{ event: created, request: first }];
      if (followUp) committed.push({ event: followUp, request });
      return { value: { request, event }, queued, committed };
    });
  }

  transition(
    current: RequestRecord,
    draft: AuditEventDraft,
    lease?: LeaseHolder,
  ): Promise<Written | null> {
    return this.#write(async (tx) => {
      const request = evolve(current, draft);
      // The compare-and-set: it matches only if nobody changed the request since `current`.
      const { count } = await tx.request.updateMany({
        where: { id: current.id, version: current.version },
        data: {
          ...toRow(request),
          dueAt: this.#schedule(request),
          ...leases.leaseColumns(request, lease),
        },
      });
      if (count === 0) return { value: null, queued: 0, committed: [] };
      const event = await this.#appendIn(tx, draft);
      const queued = await this.#enqueueIn(tx, { request, event, previous: current });
      return { value: { request, event }, queued, committed: [{ event, request }] };
    });
  }

  append(draft: AuditEventDraft, about: RequestRecord | null = null): Promise<AuditEvent> {
    return this.#write(async (tx) => {
      const event = await this.#appendIn(tx, draft);
      const queued = about
        ? await this.#enqueueIn(tx, { request: about, event, previous: about })
        : 0;
      return { value: event, queued, committed: [{ event, request: about }] };
    });
  }

  appendRefusal(attempt: RefusedAttempt, sealing: RepeatSealing): Promise<AuditEvent | null> {
    return this.#write(async (tx) => {
      const sealed = await recordRefusal(tx, attempt, sealing, (draft) =>
        this.#appendIn(tx, draft),
      );
      return this.#noted(tx, sealed, attempt.about);
    });
  }

  async sealRepeats(now: Date, sealing: RepeatSealing, limit: number): Promise<number> {
    const cutoff = new Date(now.getTime() - sealing.windowMs);
    let sealed = 0;
    for (const key of await closedTallies(this.#prisma, cutoff, limit)) {
      const event = await this.#write(async (tx) => {
        const tally = await takeClosedTally(tx, key, cutoff);
        const row = tally?.requestId
          ? await tx.request.findUnique({ where: { id: tally.requestId } })
          : null;
        const request = row ? toRecord(row) : null;
        const summary = tally ? sealing.summarize(tally, request, now) : null;
        return this.#noted(tx, summary ? [await this.#appendIn(tx, summary)] : [], request);
      });
      if (event) sealed++;
    }
    return sealed;
  }

  filedSince(makerId: string, since: Date, limit: number): Promise<FiledRecently> {
    return filedSince(this.#prisma, makerId, since, limit);
  }

  /** Note events just appended: the last of them, and the messages they need queued. */
  async #noted(tx: Tx, events: AuditEvent[], about: RequestRecord | null) {
    let queued = 0;
    for (const event of events) {
      if (about) queued += await this.#enqueueIn(tx, { request: about, event, previous: about });
    }
    const committed = events.map((event) => ({ event, request: about }));
    return { value: events.at(-1) ?? null, queued, committed };
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<RequestRecord[]> {
    const until = new Date(now.getTime() + leaseMs);
    // SKIP LOCKED: concurrent sweeps (replicas) each take different rows and never wait.
    const rows = await this.#prisma.$queryRaw<{ id: string; was_due: Date }[]>`
      WITH due AS (
        SELECT id, due_at FROM requests
        WHERE due_at <= ${now}
        ORDER BY due_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      UPDATE requests r SET due_at = ${until}
      FROM due WHERE r.id = due.id
      RETURNING r.id, due.due_at AS was_due`;
    if (rows.length === 0) return [];
    const claimed = await this.#prisma.request.findMany({
      where: { id: { in: rows.map((row) => row.id) } },
    });
    // Oldest due first, by the time each was due before the claim gave them all the same one.
    const wasDue = new Map(rows.map((row) => [row.id, new Date(row.was_due).getTime()]));
    return claimed.sort((a, b) => (wasDue.get(a.id) ?? 0) - (wasDue.get(b.id) ?? 0)).map(toRecord);
  }

  async reschedule(request: RequestRecord, dueAt: Date | null): Promise<boolean> {
    const { count } = await this.#prisma.request.updateMany({
      where: { id: request.id, version: request.version },
      data: { dueAt },
    });
    return count === 1;
  }

  renewLease(requestId: string, holder: LeaseHolder, until: Date): Promise<boolean> {
    return leases.renewLease(this.#prisma, requestId, holder, until);
  }

  holdsLease(requestId: string, holder: LeaseHolder): Promise<boolean> {
    return leases.holdsLease(this.#prisma, requestId, holder);
  }

  executionLeases(instance: string | null, limit: number): Promise<ExecutionLease[]> {
    return leases.executionLeases(this.#prisma, instance, limit);
  }

  takeLease(
    requestId: string,
    from: LeaseHolder | null,
    to: LeaseHolder,
    until: Date,
  ): Promise<boolean> {
    return leases.takeLease(this.#prisma, requestId, from, to, until);
  }

  async waitingOn(checkerId: string, limit: number): Promise<RequestRecord[]> {
    const rows = await this.#prisma.request.findMany({
      where: {
        status: "PENDING",
        checkerIds: { has: checkerId },
        NOT: { approvedBy: { has: checkerId } },
      },
      orderBy: { number: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
  }

  async findOpen(afterNumber: number, limit: number): Promise<RequestRecord[]> {
    const rows = await this.#prisma.request.findMany({
      where: { status: { in: OPEN_STATUSES }, number: { gt: afterNumber } },
      orderBy: { number: "asc" },
      take: limit,
    });
    return rows.map(toRecord);
  }

  async #write<T>(
    work: (tx: Tx) => Promise<{ value: T; queued: number; committed: CommittedEvent[] }>,
  ): Promise<T> {
    const { value, queued, committed } = await this.#prisma.$transaction(work, TX_OPTIONS);
    if (queued > 0) this.#onOutbox();
    if (committed.length > 0) this.#onCommitted(committed);
    return value;
  }

  /** An edit of a message already queued or sent revives it with the new content. */
  async #enqueueIn(tx: Tx, change: Change): Promise<number> {
    const originalId = change.request.duplicateOfId;
    const original = originalId ? await tx.request.findUnique({ where: { id: originalId } }) : null;
    const drafts = this.#notify({ ...change, original: original ? toRecord(original) : null });
    const now = this.#now();
    for (const draft of drafts) await insertOutboxRow(tx, draft, now, "revise");
    return drafts.length;
  }

  async eventsOf(correlationId: string): Promise<AuditEvent[]> {
    const rows = await this.#prisma.auditEvent.findMany({
      where: { correlationId },
      orderBy: { seq: "asc" },
    });
    return rows.map(toAuditEvent);
  }

  #appendIn(tx: Tx, draft: AuditEventDraft): Promise<AuditEvent> {
    return appendSealed(tx, this.#key, draft);
  }
}
