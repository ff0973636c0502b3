import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import type { LeaseHolder } from "../requests/lease.ts";
import type { Change, Notifier, OutboxDraft } from "../requests/notifications.ts";
import { noNotifications } from "../requests/notifications.ts";
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
import * as leases from "./execution-leases.ts";
import { filedSince } from "./maker-activity.ts";
import { closedTallies, recordRefusal, takeClosedTally } from "./refusal-tallies.ts";
import { type ChangeWrite, writeChange } from "./request-change.ts";
import { requestColumns, toAuditEvent, toRecord } from "./request-rows.ts";

type Tx = Prisma.TransactionClient;

/** How long a change may wait for a connection, and then take, before it fails. */
const TX_WAIT_MS = 15_000;

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
  /** How long a change waits for a free connection before it fails: 15 s unless told. */
  readonly connectionWaitMs?: number;
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
  readonly #transaction: { readonly maxWait: number; readonly timeout: number };

  constructor(prisma: PrismaClient, key: AuditKey, options: RequestStoreOptions = {}) {
    this.#prisma = prisma;
    this.#key = key;
    this.#notify = options.notify ?? noNotifications;
    this.#onOutbox = options.onOutbox ?? (() => {});
    this.#onCommitted = options.onCommitted ?? (() => {});
    this.#now = options.now ?? (() => new Date());
    this.#schedule = options.schedule ?? (() => null);
    this.#transaction = { maxWait: options.connectionWaitMs ?? TX_WAIT_MS, timeout: TX_WAIT_MS };
  }

  async findById(id: string): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByNumber(number: number): Promise<RequestRecord | null> {
    const row = await this.#prisma.request.findUnique({ where: { number } });
    return row ? toRecord(row) : null;
  }

  async findByWorkflowStep(executionId: string): Promise<RequestRecord | null> {
    const where = { workflowStep: { path: ["executionId"], equals: executionId } };
    const row = await this.#prisma.request.findFirst({ where });
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

  async insert(
    makeEvent: (number: number) => AuditEventDraft,
    then?: (created: RequestRecord) => AuditEventDraft,
  ): Promise<Written> {
    // Outside the transaction: a sequence is not transactional anyway, and the draft needs it.
    const [{ number }] = await this.#prisma.$queryRaw<[{ number: number }]>`
      SELECT nextval(pg_get_serial_sequence('requests', 'number'))::int AS number`;
    const created = makeEvent(number);
    const first = evolve(null, created);
    const followUp = then ? then(first) : null;
    const request = followUp ? evolve(first, followUp) : first;
    const columns = requestColumns(request, { dueAt: this.#schedule(request) });
    return this.#write(async (tx) => {
      // One change as far as messages go: only where it ended up is worth telling.
      const change = { request, event: followUp ?? created, previous: null };
      const outbox = await this.#messages(tx, [change]);
      const events = followUp ? [created, followUp] : [created];
      const write = { request: { columns, expectedVersion: null }, outbox, events };
      // An insert has no version to compare: it is written or the transaction fails.
      const sealed = (await this.#change(tx, write)) as AuditEvent[];
      const committed: CommittedEvent[] = sealed.map((event, i) => ({
        event,
        request: i === 0 ? first : request,
      }));
      const event = sealed.at(-1) as AuditEvent;
      return { value: { request, event }, queued: outbox.length, committed };
    });
  }

  async transition(
    current: RequestRecord,
    draft: AuditEventDraft,
    lease?: LeaseHolder,
  ): Promise<Written | null> {
    const request = evolve(current, draft);
    const columns = requestColumns(request, {
      dueAt: this.#schedule(request),
      ...leases.leaseColumns(request, lease),
    });
    return this.#write(async (tx) => {
      const outbox = await this.#messages(tx, [{ request, event: draft, previous: current }]);
      // The compare-and-set: it writes only if nobody changed the request since `current`.
      const sealed = await this.#change(tx, {
        request: { columns, expectedVersion: current.version },
        outbox,
        events: [draft],
      });
      if (!sealed?.[0]) return { value: null, queued: 0, committed: [] };
      const event = sealed[0];
      return { value: { request, event }, queued: outbox.length, committed: [{ event, request }] };
    });
  }

  append(draft: AuditEventDraft, about: RequestRecord | null = null): Promise<AuditEvent> {
    return this.#write(async (tx) => {
      const noted = await this.#noted(tx, [draft], about);
      return { ...noted, value: noted.value as AuditEvent };
    });
  }

  appendRefusal(attempt: RefusedAttempt, sealing: RepeatSealing): Promise<AuditEvent | null> {
    return this.#write(async (tx) => {
      const drafts = await recordRefusal(tx, attempt, sealing);
      return this.#noted(tx, drafts, attempt.about);
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
        return this.#noted(tx, summary ? [summary] : [], request);
      });
      if (event) sealed++;
    }
    return sealed;
  }

  filedSince(makerId: string, since: Date, limit: number): Promise<FiledRecently> {
    return filedSince(this.#prisma, makerId, since, limit);
  }

  /** Seals `drafts` about a request (or none) with the messages they need; the last one sealed. */
  async #noted(tx: Tx, drafts: readonly AuditEventDraft[], about: RequestRecord | null) {
    const changes = about
      ? drafts.map((event) => ({ request: about, event, previous: about }))
      : [];
    const outbox = await this.#messages(tx, changes);
    const events = (await this.#change(tx, { outbox, events: drafts })) ?? [];
    const committed = events.map((event) => ({ event, request: about }));
    return { value: events.at(-1) ?? null, queued: outbox.length, committed };
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
    const { value, queued, committed } = await this.#prisma.$transaction(work, this.#transaction);
    if (queued > 0) this.#onOutbox();
    if (committed.length > 0) this.#onCommitted(committed);
    return value;
  }

  /**
   * The messages `changes` need (an edit of a message already queued or sent revives it with the
   * new content), with the request a resend repeats, looked up once, before any lock is taken.
   */
  async #messages(tx: Tx, changes: readonly Change[]): Promise<OutboxDraft[]> {
    const originalId = changes[0]?.request.duplicateOfId;
    const row = originalId ? await tx.request.findUnique({ where: { id: originalId } }) : null;
    const original = row ? toRecord(row) : null;
    return changes.flatMap((change) => this.#notify({ ...change, original }));
  }

  /** Writes a change last thing in its transaction: see writeChange. */
  #change(tx: Tx, change: Omit<ChangeWrite, "at">): Promise<AuditEvent[] | null> {
    return writeChange(tx, this.#key, { ...change, at: this.#now() });
  }

  async eventsOf(correlationId: string): Promise<AuditEvent[]> {
    const rows = await this.#prisma.auditEvent.findMany({
      where: { correlationId },
      orderBy: { seq: "asc" },
    });
    return rows.map(toAuditEvent);
  }
}
