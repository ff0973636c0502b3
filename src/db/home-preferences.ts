import type { JsonValue } from "../core/json.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

/**
 * What each person last chose on the Home tab, kept in the database so it survives restarts and
 * is the same on every replica. Stored as given: the Slack side validates it when reading. The
 * Home publisher's HomePreferences port, matched by shape.
 */
export class PrismaHomePreferences {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  async get(userId: string): Promise<JsonValue | null> {
    const row = await this.#prisma.homePreference.findUnique({ where: { userId } });
    return (row?.state ?? null) as JsonValue | null;
  }

  async save(userId: string, state: JsonValue, at: Date): Promise<void> {
    const value = state as Prisma.InputJsonValue;
    await this.#prisma.homePreference.upsert({
      where: { userId },
      create: { userId, state: value, updatedAt: at },
      update: { state: value, updatedAt: at },
    });
  }

  /** Everyone who has opened the Home tab: their Home is refreshed when their requests change. */
  async has(userId: string): Promise<boolean> {
    return (await this.#prisma.homePreference.count({ where: { userId } })) > 0;
  }
}
