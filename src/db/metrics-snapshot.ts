import type { PrismaClient } from "../generated/prisma/client.ts";
import type { MetricsSnapshot } from "../telemetry/metrics.ts";
import { countOutbox } from "./outbox-rows.ts";

/** The gauges of /metrics that describe the whole deployment (Metrics caches them). */
export async function readMetricsSnapshot(prisma: PrismaClient): Promise<MetricsSnapshot> {
  const [requests, outbox] = await Promise.all([
    prisma.request.groupBy({ by: ["actionId", "status"], _count: { _all: true } }),
    countOutbox(prisma),
  ]);
  return {
    requests: requests.map((row) => ({
      actionId: row.actionId,
      status: row.status,
      count: row._count._all,
    })),
    outbox: { pending: outbox.PENDING, dead: outbox.DEAD },
  };
}
