import type { PrismaClient } from "../generated/prisma/client.ts";
import type { MetricsSnapshot } from "../telemetry/metrics.ts";

/** The gauges of /metrics that describe the whole deployment (Metrics caches them). */
export async function readMetricsSnapshot(prisma: PrismaClient): Promise<MetricsSnapshot> {
  const [requests, outbox] = await Promise.all([
    prisma.request.groupBy({ by: ["actionId", "status"], _count: { _all: true } }),
    prisma.$queryRaw<{ pending: number; dead: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
             count(*) FILTER (WHERE status = 'DEAD')::int AS dead
      FROM outbox_messages`,
  ]);
  return {
    requests: requests.map((row) => ({
      actionId: row.actionId,
      status: row.status,
      count: row._count._all,
    })),
    outbox: outbox[0] ?? { pending: 0, dead: 0 },
  };
}
