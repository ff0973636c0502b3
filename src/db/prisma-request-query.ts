import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import {
  createdRange,
  type PageCursor,
  type RequestFilter,
  type RequestList,
  type RequestPage,
  type RequestQuery,
} from "../requests/request-query.ts";
import { toRecord } from "./request-rows.ts";

/** The Home tab's questions, each served by an index on (filter column, number). */
export class PrismaRequestQuery implements RequestQuery {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  async list(filter: RequestFilter, cursor: PageCursor, limit: number): Promise<RequestPage> {
    const where = whereOf(filter);
    const backwards = cursor.newerThan !== undefined && cursor.olderThan === undefined;
    const rows = await this.#prisma.request.findMany({
      where: {
        ...where,
        ...(cursor.olderThan !== undefined ? { number: { lt: cursor.olderThan } } : {}),
        ...(backwards ? { number: { gt: cursor.newerThan } } : {}),
      },
      orderBy: { number: backwards ? "asc" : "desc" },
      // One more than shown tells whether another page follows.
      take: limit + 1,
    });
    const more = rows.length > limit;
    const page = rows.slice(0, limit).map(toRecord);
    if (backwards) page.reverse();
    return {
      requests: page,
      hasNewer: backwards ? more : cursor.olderThan !== undefined,
      hasOlder: backwards ? true : more,
    };
  }

  count(filter: RequestFilter, options: { readonly newerThan?: number } = {}): Promise<number> {
    const { newerThan } = options;
    return this.#prisma.request.count({
      where: {
        ...whereOf(filter),
        ...(newerThan !== undefined ? { number: { gt: newerThan } } : {}),
      },
    });
  }

  async waitingFor(checkerId: string, limit: number): Promise<RequestList> {
    const where: Prisma.RequestWhereInput = {
      status: "PENDING",
      checkerIds: { has: checkerId },
      NOT: { approvedBy: { has: checkerId } },
    };
    const [rows, total] = await Promise.all([
      this.#prisma.request.findMany({ where, orderBy: { number: "asc" }, take: limit }),
      this.#prisma.request.count({ where }),
    ]);
    return { requests: rows.map(toRecord), total };
  }

  async madeBy(makerId: string, limit: number): Promise<RequestList> {
    const where = { makerId };
    const [rows, total] = await Promise.all([
      this.#prisma.request.findMany({ where, orderBy: { number: "desc" }, take: limit }),
      this.#prisma.request.count({ where }),
    ]);
    return { requests: rows.map(toRecord), total };
  }

  async teams(text: string, limit: number): Promise<string[]> {
    // Raw SQL: Prisma's `distinct` deduplicates in memory after fetching every matching row.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.#prisma.$queryRaw<{ team: string }[]>`
      SELECT DISTINCT team FROM requests WHERE team ILIKE ${pattern}
      ORDER BY team LIMIT ${limit}`;
    return rows.map((row) => row.team);
  }
}

function whereOf(filter: RequestFilter): Prisma.RequestWhereInput {
  return {
    ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
    ...(filter.team !== undefined ? { team: filter.team } : {}),
    ...(filter.makerId !== undefined ? { makerId: filter.makerId } : {}),
    ...(filter.checkerId !== undefined ? { checkerIds: { has: filter.checkerId } } : {}),
    ...(filter.actionId !== undefined ? { actionId: filter.actionId } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.breakGlass ? { breakGlassReason: { not: null } } : {}),
    ...createdWhere(filter),
  };
}

/** The filter's UTC days as a bound on createdAt: from the first day's start, before the next. */
function createdWhere(filter: RequestFilter): Prisma.RequestWhereInput {
  const { from, before } = createdRange(filter);
  if (!from && !before) return {};
  return { createdAt: { ...(from ? { gte: from } : {}), ...(before ? { lt: before } : {}) } };
}
