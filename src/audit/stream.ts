import { toAuditEvent } from "../db/request-rows.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEvent } from "../requests/audit-events.ts";

/** Rows per query: big enough to amortise round trips, small enough that memory stays flat. */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * The events matching `where`, in seq order, one page at a time. Keyset pagination (seq > last)
 * rather than OFFSET, so every page costs the same however deep into millions of events it is.
 */
export async function* streamEvents(
  db: Pick<PrismaClient, "auditEvent">,
  where: Prisma.AuditEventWhereInput = {},
  batchSize = DEFAULT_BATCH_SIZE,
): AsyncGenerator<AuditEvent> {
  // No lower bound on the first page: a forged row with seq 0 or below must be seen too.
  let after: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: after === undefined ? where : { AND: [where, { seq: { gt: after } }] },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of rows) yield toAuditEvent(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = last.seq;
  }
}
