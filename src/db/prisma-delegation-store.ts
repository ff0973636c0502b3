import type { PrismaClient } from "../generated/prisma/client.ts";
import type { AuditEventDraft } from "../requests/audit-events.ts";
import type { Delegation, DelegationStore } from "../requests/delegation.ts";
import type { AuditKey } from "../trail/key.ts";
import { appendSealed } from "./audit-append.ts";

export class PrismaDelegationStore implements DelegationStore {
  readonly #prisma: PrismaClient;
  readonly #key: AuditKey;

  constructor(prisma: PrismaClient, key: AuditKey) {
    this.#prisma = prisma;
    this.#key = key;
  }

  async activeFor(checkerId: string, at: Date): Promise<Delegation | null> {
    return this.#prisma.delegation.findFirst({
      where: { checkerId, endedAt: null, startsAt: { lte: at }, endsAt: { gt: at } },
      orderBy: { createdAt: "desc" },
    });
  }

  async currentOf(checkerId: string, at: Date): Promise<Delegation | null> {
    return this.#prisma.delegation.findFirst({
      where: { checkerId, endedAt: null, endsAt: { gt: at } },
      orderBy: { createdAt: "desc" },
    });
  }

  insert(delegation: Delegation, event: AuditEventDraft): Promise<Delegation> {
    return this.#prisma.$transaction(async (tx) => {
      const row = await tx.delegation.create({ data: delegation });
      await appendSealed(tx, this.#key, event);
      return row;
    });
  }

  end(id: string, at: Date, event: AuditEventDraft): Promise<Delegation | null> {
    return this.#prisma.$transaction(async (tx) => {
      const { count } = await tx.delegation.updateMany({
        where: { id, endedAt: null },
        data: { endedAt: at },
      });
      if (count === 0) return null;
      await appendSealed(tx, this.#key, event);
      return tx.delegation.findUnique({ where: { id } });
    });
  }

  startedNotActivated(at: Date, limit: number): Promise<Delegation[]> {
    return this.#prisma.delegation.findMany({
      where: { activatedAt: null, endedAt: null, startsAt: { lte: at }, endsAt: { gt: at } },
      orderBy: { startsAt: "asc" },
      take: limit,
    });
  }

  async markActivated(id: string, at: Date): Promise<void> {
    await this.#prisma.delegation.updateMany({
      where: { id, activatedAt: null },
      data: { activatedAt: at },
    });
  }
}
