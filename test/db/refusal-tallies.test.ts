import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { toAuditEvent } from "../../src/db/request-rows.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { repeatSealing } from "../../src/requests/refused-attempts.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const KEY = auditKeyFrom("t".repeat(32));
const STRANGER = "U0STRANGER";
const MINUTE = 60_000;

describe.each(databaseKinds)("repeated refusals counted in the database (%s)", (kind) => {
  let db: TestDatabase;
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");

  /** A process of the bot: its own store and service on the shared database. */
  const replica = () => {
    const store = new PrismaRequestStore(db.prisma, KEY);
    const service = new RequestService({
      store,
      actions: testActions().registry,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    return { store, service };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.destroy());

  async function pending() {
    const created = await replica().service.createRequest({
      actionId: "waive-invoice",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_1" },
      purpose: "Because",
      makerId: "U0MAKER",
      checkerIds: ["U0CHECK"],
    });
    if (!created.ok) throw new Error(created.refusal.message);
    return created.value.request;
  }

  const refusals = async (requestId: string) =>
    (
      await db.prisma.auditEvent.findMany({
        where: { requestId, type: "ATTEMPT_REFUSED" },
        orderBy: { seq: "asc" },
      })
    ).map(toAuditEvent);

  const seal = (store: PrismaRequestStore) =>
    store.sealRepeats(clock.now(), repeatSealing(randomUUID), 100);

  it("30 clicks at once on two replicas: one sealed, 29 counted, sealed once by whichever sweeps", async () => {
    const request = await pending();
    const [a, b] = [replica(), replica()];
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).service.approveRequest({ requestId: request.id, actorId: STRANGER }),
      ),
    );
    expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);
    expect(await refusals(request.id)).toHaveLength(1);

    clock.advance(10 * MINUTE);
    const sealed = await Promise.all([seal(a.store), seal(b.store)]);
    expect(sealed[0] + sealed[1]).toBe(1);
    const [first, summary, ...more] = await refusals(request.id);
    expect(more).toEqual([]);
    expect(summary).toMatchObject({ causationId: first?.id, details: { count: 29 } });
    expect(await db.prisma.refusalTally.count()).toBe(0);
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), KEY)).toMatchObject({
      ok: true,
    });
  });

  it("counts survive a restart; the next attempt after the window seals them, then itself", async () => {
    const request = await pending();
    const before = replica();
    for (let i = 0; i < 4; i++) {
      clock.advance(MINUTE);
      await before.service.approveRequest({ requestId: request.id, actorId: STRANGER });
    }
    // The process is gone; another one, knowing nothing in memory, carries on.
    clock.advance(10 * MINUTE);
    const after = replica();
    await after.service.approveRequest({ requestId: request.id, actorId: STRANGER });
    const events = await refusals(request.id);
    expect(events.map((event) => event.details.count)).toEqual([undefined, 3, undefined]);
    expect(events[1]?.details).toMatchObject({
      firstAt: new Date(Date.parse(events[0]?.at.toISOString() ?? "") + MINUTE).toISOString(),
    });
    // The new window has no repeats: the sweep only forgets it.
    clock.advance(10 * MINUTE);
    expect(await seal(after.store)).toBe(0);
    expect(await db.prisma.refusalTally.count()).toBe(0);
    expect(await refusals(request.id)).toHaveLength(3);
  });

  // Last: it leaves the trail broken on purpose.
  it("verify names a sealed repeat that does not say how many times (a bug, not an attack)", async () => {
    const request = await pending();
    const { store } = replica();
    const event = await store.append(
      {
        id: randomUUID(),
        type: "ATTEMPT_REFUSED",
        requestId: request.id,
        requestNumber: request.number,
        correlationId: request.correlationId,
        causationId: request.lastEventId,
        actor: STRANGER,
        fromStatus: "PENDING",
        toStatus: "PENDING",
        at: clock.now(),
        details: { attempted: "approve", code: "REQUEST.NOT_A_CHECKER", message: "No.", count: 0 },
      },
      request,
    );
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), KEY)).toEqual({
      ok: false,
      problem: {
        seq: event.seq,
        requestNumber: request.number,
        message: `event ${event.seq} (ATTEMPT_REFUSED on #${request.number}): it stands for repeated refused attempts but does not say how many or when (details.count, firstAt, lastAt)`,
      },
    });
  });
});
