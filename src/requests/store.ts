import type { AuditEvent, AuditEventDraft } from "../audit/events.ts";
import type { RequestRecord } from "./types.ts";

export interface Written {
  readonly request: RequestRecord;
  readonly event: AuditEvent;
}

/**
 * Persistence for requests and their audit trail. Every write is one transaction that changes the
 * request and appends its sealed audit event together, or does neither.
 */
export interface RequestStore {
  findById(id: string): Promise<RequestRecord | null>;
  findByNumber(number: number): Promise<RequestRecord | null>;
  /** Allocates the next request number, stores the request `event` creates, appends `event`. */
  insert(makeEvent: (number: number) => AuditEventDraft): Promise<Written>;
  /**
   * Compare-and-set: applies `event` only if the stored request is still at `current.version`.
   * Null when someone else changed it first; the caller re-reads and decides again.
   */
  transition(current: RequestRecord, event: AuditEventDraft): Promise<Written | null>;
  /** Appends an event that changes no request (a refused attempt). */
  append(event: AuditEventDraft): Promise<AuditEvent>;
  /** A request's events and those of its duplicates (same correlation id), oldest first. */
  eventsOf(correlationId: string): Promise<AuditEvent[]>;
}
