import type { AuditEvent, AuditEventDraft } from "./audit-events.ts";
import type { LeaseHolder } from "./lease.ts";
import type { RefusedAttempt, RepeatSealing } from "./refused-attempts.ts";
import type { RequestStatus } from "./status.ts";
import type { RequestRecord } from "./types.ts";

export interface Written {
  readonly request: RequestRecord;
  readonly event: AuditEvent;
}

/** An event as committed, with the request as it stood after it (null if it concerns none). */
export interface CommittedEvent {
  readonly event: AuditEvent;
  readonly request: RequestRecord | null;
}

/** What the rate limit of new requests is decided on: a maker's requests in the window. */
export interface FiledRecently {
  /** How many they filed in the window. */
  readonly count: number;
  /** When the newest of them were filed (at most the rate's count), newest first. */
  readonly newest: readonly Date[];
}

/**
 * Persistence for requests and their audit trail. Every write is one transaction that changes the
 * request, appends its sealed audit event and queues the messages it needs, or does none of it.
 */
export interface RequestStore {
  findById(id: string): Promise<RequestRecord | null>;
  findByNumber(number: number): Promise<RequestRecord | null>;
  /** The request a Workflow Builder step execution (Fx…) filed, if any. */
  findByWorkflowStep(executionId: string): Promise<RequestRecord | null>;
  /** Oldest first: e.g. approved requests a crash left before they ran. */
  findByStatus(status: RequestStatus, limit: number): Promise<RequestRecord[]>;
  /**
   * Allocates the next request number, stores the request `makeEvent` creates and appends the
   * event. `then`, when given, is a second event applied at once in the same transaction (a
   * break-glass request is approved as it is created); the result is the request after it.
   */
  insert(
    makeEvent: (number: number) => AuditEventDraft,
    then?: (created: RequestRecord) => AuditEventDraft,
  ): Promise<Written>;
  /**
   * Compare-and-set: applies `event` only if the stored request is still at `current.version`.
   * Null when someone else changed it first; the caller re-reads and decides again. `lease`,
   * given when this change starts or resumes an execution, is recorded as the process running it;
   * a change that ends the execution clears it, and any other leaves it as it was.
   */
  transition(
    current: RequestRecord,
    event: AuditEventDraft,
    lease?: LeaseHolder,
  ): Promise<Written | null>;
  /**
   * Appends an event that changes no request (a refused attempt, a nudge). `about` is the request
   * it concerns, so the messages it needs are queued with it.
   */
  append(event: AuditEventDraft, about?: RequestRecord | null): Promise<AuditEvent>;
  /**
   * Records a refused attempt. The first like it (same request, actor, attempt and code) within
   * `sealing.windowMs` is sealed, after the repeats of the window before it if any; a repeat
   * within the window is only counted, without taking the audit chain's lock, for `sealRepeats`
   * (or the next first attempt) to seal. Safe across processes. The sealed event, or null when
   * the attempt was counted.
   */
  appendRefusal(attempt: RefusedAttempt, sealing: RepeatSealing): Promise<AuditEvent | null>;
  /**
   * Seals the repeats of up to `limit` windows closed at `now` as one ATTEMPT_REFUSED each, with
   * their count, and forgets those windows. Returns how many events it sealed.
   */
  sealRepeats(now: Date, sealing: RepeatSealing, limit: number): Promise<number>;
  /**
   * The requests `makerId` filed after `since`: how many, and when the newest `limit` of them
   * were filed, newest first (the per-maker rate limit).
   */
  filedSince(makerId: string, since: Date, limit: number): Promise<FiledRecently>;
  /** A request's events and those of its duplicates (same correlation id), oldest first. */
  eventsOf(correlationId: string): Promise<AuditEvent[]>;
  /**
   * Claims up to `limit` requests whose scheduled time has come, oldest due first, for `leaseMs`:
   * until then no other sweep (in this process or another) gets them. Whatever the claimant
   * writes next reschedules them; if it dies, they come due again when the claim runs out.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<RequestRecord[]>;
  /** Sets when the sweep looks at `request` next, unless it changed since it was read. */
  reschedule(request: RequestRecord, dueAt: Date | null): Promise<boolean>;
  /**
   * Requests not closed, by number after `afterNumber`: to reschedule them all when the
   * settings may have changed.
   */
  findOpen(afterNumber: number, limit: number): Promise<RequestRecord[]>;
  /** Extends the execution lease of `requestId` to `until`, if `holder` still holds it. */
  renewLease(requestId: string, holder: LeaseHolder, until: Date): Promise<boolean>;
  /** Whether `holder` still holds the execution lease of `requestId` (it is EXECUTING). */
  holdsLease(requestId: string, holder: LeaseHolder): Promise<boolean>;
  /**
   * EXECUTING requests with the process holding each (null: not recorded), oldest first; only
   * those held by `instance` when it is given.
   */
  executionLeases(instance: string | null, limit: number): Promise<ExecutionLease[]>;
  /**
   * Compare-and-set of a lease: gives the execution lease of `requestId` to `to` until `until`,
   * only if `from` (null: nobody recorded) still holds it. False when another process was first.
   */
  takeLease(
    requestId: string,
    from: LeaseHolder | null,
    to: LeaseHolder,
    until: Date,
  ): Promise<boolean>;
  /** PENDING requests `checkerId` is a checker of and has not approved yet, oldest first. */
  waitingOn(checkerId: string, limit: number): Promise<RequestRecord[]>;
}

/** A running request and the process that runs it. */
export interface ExecutionLease {
  readonly request: RequestRecord;
  readonly holder: LeaseHolder | null;
}

/** When the sweep must next look at a request; the store saves it with every write. */
export type Scheduler = (request: RequestRecord) => Date | null;
