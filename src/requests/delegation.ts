import type { AuditEventDraft } from "./audit-events.ts";

/** A checker away for a while, and who decides for them meanwhile. */
export interface Delegation {
  readonly id: string;
  readonly checkerId: string;
  readonly delegateId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Ended early by the checker. */
  readonly endedAt: Date | null;
  /** When the checker's pending requests were re-routed (at its start). */
  readonly activatedAt: Date | null;
  readonly createdAt: Date;
}

/** Whether `delegation` routes the checker's requests at `at`. */
export function isActive(delegation: Delegation, at: Date): boolean {
  return (
    delegation.endedAt === null &&
    delegation.startsAt.getTime() <= at.getTime() &&
    at.getTime() < delegation.endsAt.getTime()
  );
}

/** Finds who stands in for a checker: what routing a new request needs. */
export interface DelegationLookup {
  /** The delegation routing `checkerId`'s requests at `at`, if any. */
  activeFor(checkerId: string, at: Date): Promise<Delegation | null>;
}

/** Delegations, each change written with its audit event in one transaction. */
export interface DelegationStore extends DelegationLookup {
  /** The checker's delegation that is running or still to come at `at`; the latest if several. */
  currentOf(checkerId: string, at: Date): Promise<Delegation | null>;
  insert(delegation: Delegation, event: AuditEventDraft): Promise<Delegation>;
  /** Ends it at `at`, unless it already ended; null then. */
  end(id: string, at: Date, event: AuditEventDraft): Promise<Delegation | null>;
  /**
   * Delegations that have started but whose pending requests are not re-routed yet. Re-routing
   * is safe to repeat (each request moves with a compare-and-set), so replicas may race here;
   * `markActivated` after it, so that a crash in between only means doing it again.
   */
  startedNotActivated(at: Date, limit: number): Promise<Delegation[]>;
  markActivated(id: string, at: Date): Promise<void>;
}
