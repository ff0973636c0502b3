import { builtinActions } from "../actions/index.ts";
import type { EngineConfig } from "../config/engine-config.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { assertSameAuditKey } from "../db/audit-key-check.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { delegationStore as openDelegationStore, requestStore } from "../db/ports.ts";
import { requireMigrated } from "../db/require-migrations.ts";
import { databaseTarget } from "../db/target.ts";
import type { Env } from "../factory/actions-file.ts";
import { type ActionRegistry, loadActionRegistry } from "../factory/registry.ts";
import type { ActionDefinition } from "../factory/types.ts";
import { DelegationService } from "../requests/delegation-service.ts";
import { type Directory, staticDirectory } from "../requests/directory.ts";
import { defaultInstanceId, type LeaseHolder, newLeaseHolder } from "../requests/lease.ts";
import { claimOrphanedLeases } from "../requests/lease-takeover.ts";
import type { Notifier } from "../requests/notifications.ts";
import { RequestService } from "../requests/request-service.ts";
import { dueAt, policyFor } from "../requests/schedule.ts";
import type { CommittedEvent, RequestStore, Scheduler } from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";
import { type LoadedAuditKey, loadAuditKey } from "../trail/key.ts";

export interface Engine {
  readonly database: Database;
  readonly actions: ActionRegistry;
  readonly auditKey: LoadedAuditKey;
  readonly requests: RequestService;
  readonly delegations: DelegationService;
  readonly store: RequestStore;
  /** When the sweep must next look at a request, under the current settings. */
  readonly schedule: Scheduler;
  /** This process, as recorded with the executions it runs. */
  readonly lease: LeaseHolder;
  /** Claims what an earlier run of this process left running, for the sweep to resume. */
  claimOrphanedLeases(): Promise<RequestRecord[]>;
  /** Registers who to tell when a commit queued messages (the outbox dispatcher). */
  onOutboxQueued(listener: () => void): void;
  /** Registers who hears of every committed audit event of a request (logs and metrics). */
  onCommitted(listener: (events: readonly CommittedEvent[]) => void): void;
  close(): Promise<void>;
}

export interface EngineDeps {
  /** For `secret_env` lookups of webhook actions. */
  readonly env: Env;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  readonly directory?: Directory;
  /** Which messages each change needs, given the loaded actions; none when absent. */
  readonly notifier?: (actions: ActionRegistry) => Notifier;
  /** Action types written in TypeScript; the built-in ones when absent. */
  readonly modules?: readonly ActionDefinition[];
  /** AUDIT_CHANNEL: every break-glass use is posted there, so one review can settle it. */
  readonly auditChannel?: string | undefined;
}

/**
 * Everything the engine needs, in the order that fails fastest: actions and key (files only),
 * then the database (migrated here, or checked to be when MIGRATE_ON_START is false). Nothing is
 * left open when a step fails.
 */
export async function startEngine(config: EngineConfig, deps: EngineDeps): Promise<Engine> {
  const actions = await loadActionRegistry({
    actionsFile: config.actionsFile,
    actionsFileRequired: config.actionsFileRequired,
    env: deps.env,
    modules: deps.modules ?? builtinActions,
  });
  const auditKey = await loadAuditKey(config.auditKey, config.dataDir);
  const database = await openDatabase(databaseTarget(config.databaseUrl, config.dataDir), {
    migrate: config.migrateOnStart,
  });
  try {
    if (!config.migrateOnStart) await requireMigrated(database);
    await assertSameAuditKey(database, auditKey);
  } catch (error) {
    await database.close();
    throw error;
  }
  const queued = new Set<() => void>();
  const committed = new Set<(events: readonly CommittedEvent[]) => void>();
  const clock = deps.clock ?? systemClock;
  const schedule: Scheduler = (request) =>
    dueAt(request, policyFor(config.schedule, actions.get(request.actionId), request.environment));
  const store = requestStore(database, auditKey.key, {
    notify: deps.notifier?.(actions),
    onOutbox: () => {
      for (const listener of queued) listener();
    },
    onCommitted: (events) => {
      for (const listener of committed) listener(events);
    },
    now: () => clock.now(),
    schedule,
  });
  const directory = deps.directory ?? staticDirectory();
  const lease = newLeaseHolder(config.instanceId ?? defaultInstanceId(config.dataDir));
  const delegationStore = openDelegationStore(database, auditKey.key);
  const requests = new RequestService({
    store,
    actions,
    clock,
    directory,
    delegations: delegationStore,
    environments: config.environments,
    fetch: deps.fetch,
    schedule: config.schedule,
    lease,
    limits: config.limits,
    auditChannel: deps.auditChannel,
  });
  const delegations = new DelegationService({
    store: delegationStore,
    requests,
    directory,
    clock,
  });
  return {
    database,
    actions,
    auditKey,
    requests,
    delegations,
    store,
    schedule,
    lease,
    claimOrphanedLeases: () =>
      claimOrphanedLeases({
        store,
        clock,
        me: lease,
        // PGlite serves one process: whatever another process left running, it left for good.
        exclusive: database.target.kind === "pglite",
      }),
    onOutboxQueued: (listener) => queued.add(listener),
    onCommitted: (listener) => committed.add(listener),
    close: async () => {
      requests.abortExecutions();
      await database.close();
    },
  };
}
