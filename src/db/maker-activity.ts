import type { PrismaClient } from "../generated/prisma/client.ts";
import type { FiledRecently } from "../requests/store.ts";

/**
 * The requests `makerId` filed after `since`: how many, and when the newest `limit` were filed,
 * newest first. One query on the (maker_id, created_at) index; the count is the window's whole,
 * taken before LIMIT.
 */
export async function filedSince(
  prisma: Pick<PrismaClient, "$queryRaw">,
  makerId: string,
  since: Date,
  limit: number,
): Promise<FiledRecently> {
  const rows = await prisma.$queryRaw<{ created_at: Date; total: number }[]>`
    SELECT created_at, count(*) OVER ()::int AS total
    FROM requests
    WHERE maker_id = ${makerId} AND created_at > ${since}
    ORDER BY created_at DESC
    LIMIT ${limit}`;
  return { count: rows[0]?.total ?? 0, newest: rows.map((row) => new Date(row.created_at)) };
}
