import type { AuditEvent, AuditEventDraft } from "../../src/requests/audit-events.ts";
import type { LeaseHolder } from "../../src/requests/lease.ts";
import type { Change, Notifier, OutboxDraft } from "../../src/requests/notifications.ts";
import {
  isOpen,
  type RefusalTally,
  type RefusedAttempt,
  type RepeatSealing,
} from "../../src/requests/refused-attempts.ts";
import { evolve } from "../../src/requests/replay.ts";
import type { RequestStatus } from "../../src/requests/status.ts";
import type {
  ExecutionLease,
  FiledRecently,
  RequestStore,
  Scheduler,
  Written,
} from "../../src/requests/store.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { EMPTY_HEAD, sealEvent } from "../../src/trail/chain.ts";
import { type AuditKey, auditKeyFrom } from "../../src/trail/key.ts";

/** The RequestStore contract in memory: same chain, same compare-and-set, no database. */
export class MemoryRequestStore implements RequestStore {
  readonly requests = new Map<string, RequestRecord>();
  readonly events: AuditEvent[] = [];
  /** Every message the notifier asked for, in order (edits included). */
  readonly outbox: OutboxDraft[] = [];
  /** When the sweep looks at each request next (the due_at column). */
  readonly dueAt = new Map<string, Date | null>();
  /** Who holds the execution lease of each running request (the lease_* columns). */
  readonly leases = new Map<string, LeaseHolder | null>();
  /** Repeats of refused attempts not sealed yet, by request, actor, attempt and code. */
  readonly tallies = new Map<string, RefusalTally>();
  readonly #key: AuditKey;
  readonly #notify: Notifier;
  readonly #schedule: Scheduler;
  #nextNumber = 1;

  constructor(
    key: AuditKey = auditKeyFrom("k".repeat(32)),
    notify: Notifier = () => [],
    schedule: Scheduler = () => null,
  ) {
    this.#key = key;
    this.#notify = notify;
    this.#schedule = schedule;
  }

  async findById(id: string) {
    return this.requests.get(id) ?? null;
  }

  async findByNumber(number: number) {
    return [...this.requests.values()].find((request) => request.number === number) ?? null;
  }

  async findByWorkflowStep(executionId: string) {
    const all = [...this.requests.values()];
    return all.find((request) => request.workflowStep?.executionId === executionId) ?? null;
  }

  async findByStatus(status: RequestStatus, limit: number) {
    return [...this.requests.values()]
      .filter((request) => request.status === status)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
  }

  #change(request: RequestRecord, event: AuditEventDraft, previous: RequestRecord | null): Change {
    const original = request.duplicateOfId ? this.requests.get(request.duplicateOfId) : undefined;
    return { request, event, previous, original: original ?? null };
  }

  async insert(
    makeEvent: (number: number) => AuditEventDraft,
    then?: (created: RequestRecord) => AuditEventDraft,
  ): Promise<Written> {
    const draft = makeEvent(this.#nextNumber);
    const step = evolve(null, draft).workflowStep;
    // As the database's unique index: one request per workflow step execution.
    const all = [...this.requests.values()];
    if (step && all.some((request) => request.workflowStep?.executionId === step.executionId)) {
      throw new Error(`a request for workflow step ${step.executionId} exists`);
    }
    this.#nextNumber++;
    const created = this.#append(draft);
    const first = evolve(null, created);
    const followUp = then ? this.#append(then(first)) : null;
    const request = followUp ? evolve(first, followUp) : first;
    const event = followUp ?? created;
    this.requests.set(request.id, request);
    this.dueAt.set(request.id, this.#schedule(request));
    this.outbox.push(...this.#notify(this.#change(request, event, null)));
    return { request, event };
  }

  async transition(
    current: RequestRecord,
    draft: AuditEventDraft,
    lease?: LeaseHolder,
  ): Promise<Written | null> {
    if (this.requests.get(current.id)?.version !== current.version) return null;
    const request = evolve(current, draft);
    this.requests.set(request.id, request);
    this.dueAt.set(request.id, this.#schedule(request));
    if (request.status !== "EXECUTING") this.leases.delete(request.id);
    else if (lease) this.leases.set(request.id, lease);
    const event = this.#append(draft);
    this.outbox.push(...this.#notify(this.#change(request, event, current)));
    return { request, event };
  }

  async append(draft: AuditEventDraft, about: RequestRecord | null = null) {
    const event = this.#append(draft);
    if (about) this.outbox.push(...this.#notify(this.#change(about, event, about)));
    return event;
  }

  async appendRefusal(attempt: RefusedAttempt, sealing: RepeatSealing) {
    const { event, about } = attempt;
    const key = JSON.stringify([event.requestId, event.actor, attempt.attempted, attempt.code]);
    const tally = this.tallies.get(key);
    if (tally && isOpen(tally, event.at, sealing.windowMs)) {
      this.tallies.set(key, {
        ...tally,
        repeats: tally.repeats + 1,
        message: attempt.message,
        firstRepeatAt: tally.firstRepeatAt ?? event.at,
        lastRepeatAt: event.at,
      });
      return null;
    }
    if (tally && tally.repeats > 0)
      await this.append(sealing.summarize(tally, about, event.at), about);
    this.tallies.set(key, {
      requestId: event.requestId,
      actor: event.actor,
      attempted: attempt.attempted,
      code: attempt.code,
      message: attempt.message,
      firstEventId: event.id,
      openedAt: event.at,
      repeats: 0,
      firstRepeatAt: null,
      lastRepeatAt: null,
    });
    return this.append(event, about);
  }

  async sealRepeats(now: Date, sealing: RepeatSealing, limit: number) {
    let sealed = 0;
    for (const [key, tally] of this.tallies) {
      if (sealed >= limit) break;
      if (isOpen(tally, now, sealing.windowMs)) continue;
      this.tallies.delete(key);
      if (tally.repeats === 0) continue;
      const request = tally.requestId ? (this.requests.get(tally.requestId) ?? null) : null;
      await this.append(sealing.summarize(tally, request, now), request);
      sealed++;
    }
    return sealed;
  }

  async filedSince(makerId: string, since: Date, limit: number): Promise<FiledRecently> {
    const filed = [...this.requests.values()]
      .filter((request) => request.makerId === makerId && request.createdAt > since)
      .map((request) => request.createdAt)
      .sort((a, b) => b.getTime() - a.getTime());
    return { count: filed.length, newest: filed.slice(0, limit) };
  }

  async eventsOf(correlationId: string) {
    return this.events.filter((event) => event.correlationId === correlationId);
  }

  async claimDue(now: Date, limit: number, leaseMs: number) {
    const due = [...this.requests.values()]
      .filter((request) => {
        const at = this.dueAt.get(request.id);
        return at != null && at <= now;
      })
      .sort((a, b) => Number(this.dueAt.get(a.id)) - Number(this.dueAt.get(b.id)))
      .slice(0, limit);
    for (const request of due) this.dueAt.set(request.id, new Date(now.getTime() + leaseMs));
    return due;
  }

  async reschedule(request: RequestRecord, dueAt: Date | null) {
    if (this.requests.get(request.id)?.version !== request.version) return false;
    this.dueAt.set(request.id, dueAt);
    return true;
  }

  async renewLease(requestId: string, holder: LeaseHolder, until: Date) {
    if (!(await this.holdsLease(requestId, holder))) return false;
    this.dueAt.set(requestId, until);
    return true;
  }

  async holdsLease(requestId: string, holder: LeaseHolder) {
    return (
      this.requests.get(requestId)?.status === "EXECUTING" &&
      this.leases.get(requestId)?.incarnation === holder.incarnation
    );
  }

  async executionLeases(instance: string | null, limit: number): Promise<ExecutionLease[]> {
    return (await this.findByStatus("EXECUTING", Number.MAX_SAFE_INTEGER))
      .map((request) => ({ request, holder: this.leases.get(request.id) ?? null }))
      .filter(({ holder }) => instance === null || holder?.instance === instance)
      .slice(0, limit);
  }

  async takeLease(requestId: string, from: LeaseHolder | null, to: LeaseHolder, until: Date) {
    if (this.requests.get(requestId)?.status !== "EXECUTING") return false;
    if ((this.leases.get(requestId)?.incarnation ?? null) !== (from?.incarnation ?? null)) {
      return false;
    }
    this.leases.set(requestId, to);
    this.dueAt.set(requestId, until);
    return true;
  }

  async waitingOn(checkerId: string, limit: number) {
    return [...this.requests.values()]
      .filter((r) => r.status === "PENDING" && r.checkerIds.includes(checkerId))
      .filter((r) => !r.approvedBy.includes(checkerId))
      .sort((a, b) => a.number - b.number)
      .slice(0, limit);
  }

  async findOpen(afterNumber: number, limit: number) {
    return [...this.requests.values()]
      .filter((request) => ["PENDING", "APPROVED", "EXECUTING"].includes(request.status))
      .filter((request) => request.number > afterNumber)
      .sort((a, b) => a.number - b.number)
      .slice(0, limit);
  }

  #append(draft: AuditEventDraft): AuditEvent {
    const last = this.events.at(-1);
    const event = sealEvent(this.#key, last ?? EMPTY_HEAD, draft);
    this.events.push(event);
    return event;
  }
}
