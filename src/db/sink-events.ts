import type { SinkEvents } from "../audit/sinks/cursor-store.ts";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import { eventPage } from "./trail-pages.ts";

type Db = Pick<PrismaClient, "$queryRaw">;

/** The trail as the sinks read it: pages after a cursor, and the head's seq. */
export function prismaSinkEvents(prisma: Db): SinkEvents {
  return {
    after: (after, limit) => eventPage(prisma, Prisma.sql`TRUE`, after, limit),
    headSeq: async () => {
      const [row] = await prisma.$queryRaw<{ seq: bigint | number | null }[]>`
        SELECT max(seq) AS seq FROM audit_events`;
      return row?.seq == null ? 0 : Number(row.seq);
    },
  };
}
