import type { SinkCursorStore, SinkEvents } from "../audit/sinks/cursor-store.ts";
import type { TrailReader } from "../audit/trail-reader.ts";
import type { OutboxAdmin } from "../outbox/outbox-admin.ts";
import type { DelegationStore } from "../requests/delegation.ts";
import type { RequestQuery } from "../requests/request-query.ts";
import type { RequestStore } from "../requests/store.ts";
import type { MetricsSnapshot } from "../telemetry/metrics.ts";
import type { ReadinessProbes } from "../telemetry/readiness.ts";
import type { AuditKey } from "../trail/key.ts";
import type { Database } from "./database.ts";
import { PrismaHomePreferences } from "./home-preferences.ts";
import { readMetricsSnapshot } from "./metrics-snapshot.ts";
import { type MigrationState, readMigrationState } from "./migration-state.ts";
import { redriveDead } from "./outbox-redrive.ts";
import { PrismaDelegationStore } from "./prisma-delegation-store.ts";
import { PrismaOutboxStore } from "./prisma-outbox-store.ts";
import { PrismaRequestQuery } from "./prisma-request-query.ts";
import { PrismaRequestStore, type RequestStoreOptions } from "./prisma-request-store.ts";
import { PrismaSinkCursors } from "./prisma-sink-cursors.ts";
import { PrismaTrailReader } from "./prisma-trail-reader.ts";
import { prismaSinkEvents } from "./sink-events.ts";

/**
 * The one place the rest of the bot gets its stores from: each port the core and the adapters
 * declare, built on an open database. Nothing outside db/ touches the Prisma client.
 */
type Opened = Pick<Database, "prisma">;

export function requestStore(
  database: Opened,
  key: AuditKey,
  options: RequestStoreOptions = {},
): RequestStore {
  return new PrismaRequestStore(database.prisma, key, options);
}

export function delegationStore(database: Opened, key: AuditKey): DelegationStore {
  return new PrismaDelegationStore(database.prisma, key);
}

export function outboxStore(database: Opened): PrismaOutboxStore {
  return new PrismaOutboxStore(database.prisma);
}

/** The operator's outbox: counts, listing and re-driving dead messages (sealed with `key`). */
export function outboxAdmin(database: Opened, key: AuditKey): OutboxAdmin {
  const store = new PrismaOutboxStore(database.prisma);
  return {
    counts: () => store.counts(),
    list: (filter) => store.list(filter),
    redrive: (which, input) => redriveDead(database.prisma, key, which, input),
  };
}

export function requestQuery(database: Opened): RequestQuery {
  return new PrismaRequestQuery(database.prisma);
}

/** The Home tab's remembered filters (the Home publisher's HomePreferences port). */
export function homePreferences(database: Opened): PrismaHomePreferences {
  return new PrismaHomePreferences(database.prisma);
}

/** The deployment-wide gauges of /metrics, read on demand (Metrics caches them). */
export function metricsSnapshot(database: Opened): () => Promise<MetricsSnapshot> {
  return () => readMetricsSnapshot(database.prisma);
}

/** What /readyz asks of the database: that it answers, and that its schema is current. */
export function databaseProbes(
  database: Opened,
): Pick<ReadinessProbes, "database" | "pendingMigrations"> {
  return {
    database: async () => {
      await database.prisma.$queryRaw`SELECT 1`;
    },
    pendingMigrations: async () => (await migrationState(database)).pending,
  };
}

/** Which migrations the database has applied, and which it lacks (for `npm run doctor`). */
export function migrationState(database: Opened): Promise<MigrationState> {
  return readMigrationState(database.prisma);
}

/** The audit sinks' cursors and leases. */
export function sinkCursors(database: Opened): SinkCursorStore {
  return new PrismaSinkCursors(database.prisma);
}

/** The trail as the audit sinks read it, a page after a cursor at a time. */
export function sinkEvents(database: Opened): SinkEvents {
  return prismaSinkEvents(database.prisma);
}

/** The sealed trail as the operator tools read it (checkpoints, verify, export). */
export function trailReader(database: Opened): TrailReader {
  return new PrismaTrailReader(database.prisma);
}
