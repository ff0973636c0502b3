/** The execution lease's holder on a real database: recorded, renewed, taken over by CAS. */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import type { LeaseHolder } from "../../src/requests/lease.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import {
  DEFAULT_SCHEDULE,
  dueAt,
  EXECUTION_LEASE_MS,
  policyFor,
} from "../../src/requests/schedule.ts";
import type { Scheduler } from "../../src/requests/store.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const KEY = auditKeyFrom("l".repeat(32));
const CHECKER = "U0ONCALL";
const earlier: LeaseHolder = {
  instance: "bot-1:/data",
  incarnation: "6d0c5d0e-0000-4000-8000-000000000001",
  pid: 41,
};
const restarted: LeaseHolder = { ...earlier, incarnation: "6d0c5d0e-0000-4000-8000-000000000002" };
const other: LeaseHolder = {
  instance: "bot-2:/data",
  incarnation: "6d0c5d0e-0000-4000-8000-000000000003",
  pid: 41,
};

describe.each(databaseKinds)("execution leases on %s", (kind) => {
  let db: TestDatabase;
  let store: PrismaRequestStore;
  let service: RequestService;
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");
  let finish: () => void = () => {};
  let running: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const actions = new ActionRegistry([
      defineAction({
        id: "restart",
        title: "Restart",
        idempotent: true,
        breakGlass: true,
        execute: () =>
          new Promise((resolve) => {
            finish = () => resolve({ ok: true, result: { restarted: true } });
          }),
      }),
    ]);
    const schedule: Scheduler = (request) =>
      dueAt(request, policyFor(DEFAULT_SCHEDULE, actions.get(request.actionId)));
    store = new PrismaRequestStore(db.prisma, KEY, { now: () => clock.now(), schedule });
    service = new RequestService({
      store,
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
      lease: earlier,
      // Every break-glass use is posted to an audit channel: one review settles it.
      auditChannel: "C0AUDIT",
    });
  });
  afterAll(async () => {
    finish();
    await running.catch(() => undefined);
    await db?.destroy();
  });

  const leaseOf = (id: string) =>
    db.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { dueAt: true, leaseInstance: true, leaseIncarnation: true, leasePid: true },
    });
  const later = (ms: number) => new Date(clock.now().getTime() + ms);

  it("records who runs it, keeps it through a review, renews it for its holder only, takes it over once, clears it at the end", async () => {
    const created = await service.createRequest({
      actionId: "restart",
      environment: "production",
      team: "Ops",
      params: {},
      purpose: "Billing is down",
      makerId: "U0MAKER",
      checkerIds: [CHECKER],
      breakGlass: { reason: "Outage" },
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const id = created.value.request.id;
    running = service.executeRequest(id);
    await expect.poll(async () => (await service.findById(id))?.status).toBe("EXECUTING");
    expect(await leaseOf(id)).toEqual({
      dueAt: later(EXECUTION_LEASE_MS),
      leaseInstance: earlier.instance,
      leaseIncarnation: earlier.incarnation,
      leasePid: earlier.pid,
    });
    expect(await store.executionLeases(earlier.instance, 10)).toMatchObject([
      { request: { id }, holder: earlier },
    ]);
    expect(await store.executionLeases(other.instance, 10)).toEqual([]);

    // A change by another process that does not run it leaves the lease with its holder.
    const review = await service.reviewBreakGlass({
      requestId: id,
      actorId: CHECKER,
      verdict: "ACKNOWLEDGED",
    });
    expect(review.ok).toBe(true);
    expect((await leaseOf(id)).leaseIncarnation).toBe(earlier.incarnation);

    clock.advance(15_000);
    expect(await store.renewLease(id, other, later(EXECUTION_LEASE_MS))).toBe(false);
    expect(await store.renewLease(id, earlier, later(EXECUTION_LEASE_MS))).toBe(true);
    expect((await leaseOf(id)).dueAt).toEqual(later(EXECUTION_LEASE_MS));
    expect(await store.holdsLease(id, earlier)).toBe(true);

    // Two restarts racing for it: one gets it.
    const until = later(EXECUTION_LEASE_MS);
    const takes = await Promise.all([
      store.takeLease(id, earlier, restarted, until),
      store.takeLease(id, earlier, other, until),
    ]);
    expect(takes.filter(Boolean)).toHaveLength(1);
    const winner = takes[0] ? restarted : other;
    expect(await leaseOf(id)).toMatchObject({ leaseIncarnation: winner.incarnation, dueAt: until });
    expect(await store.holdsLease(id, earlier)).toBe(false);
    expect(await store.renewLease(id, earlier, later(EXECUTION_LEASE_MS))).toBe(false);

    // The process that lost its lease does not record over the one that took it.
    finish();
    await expect(running).rejects.toMatchObject({ code: "REQUEST.LOST_RACE" });
    expect((await service.findById(id))?.status).toBe("EXECUTING");
  });

  it("an execution that ends clears its lease; the trail verifies", async () => {
    const [lease] = await store.executionLeases(null, 10);
    if (!lease) throw new Error("the request of the test before is still running");
    const resumer = new RequestService({
      store,
      actions: new ActionRegistry([
        defineAction({
          id: "restart",
          title: "Restart",
          idempotent: true,
          execute: async () => ({ ok: true, result: { restarted: true } }),
        }),
      ]),
      clock,
      directory: staticDirectory(),
      environments: ["production"],
      lease: lease.holder ?? restarted,
    });
    const resumed = await resumer.resumeExecution(lease.request.id);
    expect(resumed.ok && resumed.value.status).toBe("FINISHED");
    expect(await leaseOf(lease.request.id)).toEqual({
      dueAt: null,
      leaseInstance: null,
      leaseIncarnation: null,
      leasePid: null,
    });
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), KEY)).toMatchObject({
      ok: true,
    });
  });
});
