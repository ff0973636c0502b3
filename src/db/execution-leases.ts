import type { PrismaClient, Request as RequestRow } from "../generated/prisma/client.ts";
import type { LeaseHolder } from "../requests/lease.ts";
import type { ExecutionLease } from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";
import { toRecord } from "./request-rows.ts";

/**
 * The execution lease's holder, in the `lease_*` columns of `requests`: scheduling state beside
 * `due_at`, not history. See RequestStore for what each operation promises.
 */

export async function renewLease(
  prisma: PrismaClient,
  requestId: string,
  holder: LeaseHolder,
  until: Date,
): Promise<boolean> {
  const { count } = await prisma.request.updateMany({
    where: { id: requestId, status: "EXECUTING", leaseIncarnation: holder.incarnation },
    data: { dueAt: until },
  });
  return count === 1;
}

export async function holdsLease(
  prisma: PrismaClient,
  requestId: string,
  holder: LeaseHolder,
): Promise<boolean> {
  const held = await prisma.request.count({
    where: { id: requestId, status: "EXECUTING", leaseIncarnation: holder.incarnation },
  });
  return held === 1;
}

export async function executionLeases(
  prisma: PrismaClient,
  instance: string | null,
  limit: number,
): Promise<ExecutionLease[]> {
  const rows = await prisma.request.findMany({
    where: { status: "EXECUTING", ...(instance === null ? {} : { leaseInstance: instance }) },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  return rows.map((row) => ({ request: toRecord(row), holder: holderOf(row) }));
}

/** The compare-and-set of a takeover: on the holder it was found with. */
export async function takeLease(
  prisma: PrismaClient,
  requestId: string,
  from: LeaseHolder | null,
  to: LeaseHolder,
  until: Date,
): Promise<boolean> {
  const { count } = await prisma.request.updateMany({
    where: { id: requestId, status: "EXECUTING", leaseIncarnation: from?.incarnation ?? null },
    data: { dueAt: until, ...holderColumns(to) },
  });
  return count === 1;
}

function holderColumns(holder: LeaseHolder | null) {
  return {
    leaseInstance: holder?.instance ?? null,
    leaseIncarnation: holder?.incarnation ?? null,
    leasePid: holder?.pid ?? null,
  };
}

/** Who holds the lease after a change to `request`: `lease` when given, nobody once it ended. */
export function leaseColumns(request: RequestRecord, lease: LeaseHolder | undefined) {
  if (request.status !== "EXECUTING") return holderColumns(null);
  return lease ? holderColumns(lease) : {};
}

function holderOf(row: RequestRow): LeaseHolder | null {
  const { leaseInstance: instance, leaseIncarnation: incarnation, leasePid: pid } = row;
  return instance !== null && incarnation !== null && pid !== null
    ? { instance, incarnation, pid }
    : null;
}
