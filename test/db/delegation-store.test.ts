import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaDelegationStore } from "../../src/db/prisma-delegation-store.ts";
import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import type { Delegation } from "../../src/requests/delegation.ts";
import { key } from "../audit/trail.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const at = (iso: string) => new Date(`2026-03-0${iso}Z`);

function event(type: "DELEGATION_SET" | "DELEGATION_ENDED", id: string): AuditEventDraft {
  return {
    id,
    type,
    requestId: null,
    requestNumber: null,
    correlationId: null,
    causationId: null,
    actor: "U0AWAY",
    fromStatus: null,
    toStatus: null,
    at: at("2T09:00:00"),
    details: {},
  };
}

describe.each(databaseKinds)("PrismaDelegationStore on %s", (kind) => {
  let db: TestDatabase;
  let store: PrismaDelegationStore;
  const delegation: Delegation = {
    id: "0b7c4c7e-0000-4000-8000-000000000001",
    checkerId: "U0AWAY",
    delegateId: "U0DELEG",
    startsAt: at("3T09:00:00"),
    endsAt: at("6T09:00:00"),
    endedAt: null,
    activatedAt: null,
    createdAt: at("2T09:00:00"),
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = new PrismaDelegationStore(db.prisma, key);
    await store.insert(delegation, event("DELEGATION_SET", "0b7c4c7e-0000-4000-8000-0000000000e1"));
  });
  afterAll(() => db?.destroy());

  it("is current before it starts, active only between its start and end", async () => {
    expect(await store.currentOf("U0AWAY", at("2T10:00:00"))).toEqual(delegation);
    expect(await store.activeFor("U0AWAY", at("2T10:00:00"))).toBeNull();
    expect(await store.activeFor("U0AWAY", at("4T10:00:00"))).toEqual(delegation);
    expect(await store.activeFor("U0AWAY", at("6T09:00:00"))).toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { type: "DELEGATION_SET" } })).toBe(1);
  });

  it("hands out a started delegation until it is marked activated", async () => {
    expect(await store.startedNotActivated(at("2T10:00:00"), 10)).toEqual([]);
    expect(await store.startedNotActivated(at("3T10:00:00"), 10)).toEqual([delegation]);
    await store.markActivated(delegation.id, at("3T10:00:00"));
    expect(await store.startedNotActivated(at("3T10:00:00"), 10)).toEqual([]);
  });

  it("ends once, with its event", async () => {
    const endedAt = at("4T12:00:00");
    const ended = await store.end(
      delegation.id,
      endedAt,
      event("DELEGATION_ENDED", "0b7c4c7e-0000-4000-8000-0000000000e2"),
    );
    expect(ended).toMatchObject({ endedAt, activatedAt: at("3T10:00:00") });
    expect(
      await store.end(
        delegation.id,
        endedAt,
        event("DELEGATION_ENDED", "0b7c4c7e-0000-4000-8000-0000000000e3"),
      ),
    ).toBeNull();
    expect(await store.activeFor("U0AWAY", at("4T13:00:00"))).toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { type: "DELEGATION_ENDED" } })).toBe(1);
  });
});
