import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.ts";
import type { ActionRegistry } from "../../factory/registry.ts";
import type { DelegationLookup } from "../delegation.ts";
import type { Directory } from "../directory.ts";
import { type LeaseHolder, newLeaseHolder } from "../lease.ts";
import { DEFAULT_LIMITS, type RequestLimits } from "../limits.ts";
import { type RepeatSealing, repeatSealing } from "../refused-attempts.ts";
import { DEFAULT_SCHEDULE, type ScheduleDefaults } from "../schedule.ts";
import type { RequestStore } from "../store.ts";

export interface RequestServiceDeps {
  readonly store: RequestStore;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly directory: Directory;
  /** Who stands in for checkers who are away; nobody is away when absent. */
  readonly delegations?: DelegationLookup;
  /** Reminders, escalation and expiry; an action's own settings override these. */
  readonly schedule?: ScheduleDefaults;
  /** Environments offered when an action names none. */
  readonly environments: readonly string[];
  readonly fetch?: typeof fetch;
  readonly newId?: () => string;
  /** This process, recorded with the executions it runs; a fresh one (per service) when absent. */
  readonly lease?: LeaseHolder;
  /** Checkers per request and new requests per maker; DEFAULT_LIMITS when absent. */
  readonly limits?: RequestLimits;
  /**
   * Where every break-glass use is posted as it happens (AUDIT_CHANNEL), if anywhere: someone
   * besides the reviewers the maker named sees it (see break-glass-review.ts).
   */
  readonly auditChannel?: string | undefined;
}

/** What the use cases share: the service's dependencies with their defaults filled in. */
export interface UseCaseContext {
  readonly store: RequestStore;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly delegations: DelegationLookup | null;
  readonly environments: readonly string[];
  readonly fetch: typeof fetch;
  readonly newId: () => string;
  readonly schedule: ScheduleDefaults;
  readonly hasAuditChannel: boolean;
  /** Aborted on shutdown: running executors see it as `ctx.signal`. */
  readonly shutdown: AbortController;
  readonly lease: LeaseHolder;
  readonly limits: RequestLimits;
  /** Repeats of a refused attempt are counted, and sealed as one event per window. */
  readonly repeats: RepeatSealing;
}

export function useCaseContext(deps: RequestServiceDeps): UseCaseContext {
  const newId = deps.newId ?? randomUUID;
  return {
    store: deps.store,
    actions: deps.actions,
    clock: deps.clock,
    directory: deps.directory,
    delegations: deps.delegations ?? null,
    environments: deps.environments,
    fetch: deps.fetch ?? globalThis.fetch,
    newId,
    schedule: deps.schedule ?? DEFAULT_SCHEDULE,
    hasAuditChannel: Boolean(deps.auditChannel),
    shutdown: new AbortController(),
    lease: deps.lease ?? newLeaseHolder("unnamed"),
    limits: deps.limits ?? DEFAULT_LIMITS,
    repeats: repeatSealing(newId),
  };
}

/** Who asks to do what to which request. */
export interface DecisionInput {
  readonly requestId: string;
  readonly actorId: string;
}
