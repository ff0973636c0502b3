import type { AuditEvent, AuditEventDraft } from "../audit/events.ts";
import type { RequestStatus } from "./status.ts";
import type { RequestRecord } from "./types.ts";

export interface Written {
  readonly request: RequestRecord;
  readonly event: AuditEvent;
}

/**
 * Persistence for requests and their audit trail. Every write is one transaction that changes the
 * request, appends its sealed audit event and queues the messages it needs, or does none of it.
 */
export interface RequestStore {
  findById(id: string): Promise<RequestRecord | null>;
  findByNumber(number: number): Promise<RequestRecord | null>;
  /** Oldest first: e.g. approved requests a crash left before they ran. */
  findByStatus(status: RequestStatus, limit: number): Promise<RequestRecord[]>;
  /** Allocates the next request number, stores the request `event` creates, appends `event`. */
  insert(makeEvent: (number: number) => AuditEventDraft): Promise<Written>;
  /**
   * Compare-and-set: applies `event` only if the stored request is still at `current.version`.
   * Null when someone else changed it first; the caller re-reads and decides again.
   */
  transition(current: RequestRecord, event: AuditEventDraft): Promise<Written | null>;
  /**
   * Appends an event that changes no request (a refused attempt, a nudge). `about` is the request
   * it concerns, so the messages it needs are queued with it.
   */
  append(event: AuditEventDraft, about?: RequestRecord | null): Promise<AuditEvent>;
  /** A request's events and those of its duplicates (same correlation id), oldest first. */
  eventsOf(correlationId: string): Promise<AuditEvent[]>;
}
