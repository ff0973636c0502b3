import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { DEFAULT_SCHEDULE, dueAt, policyFor, START_GRACE_MS } from "../../src/requests/schedule.ts";
import type { Scheduler } from "../../src/requests/store.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const HOUR = 3_600_000;
const CLAIM_MS = 2 * 60_000;
const CHECKER = "U0CHECK";

const execute = async () => ({ ok: true as const, result: null });
const actions = new ActionRegistry([
  defineAction({ id: "refund", title: "Refund", execute }),
  defineAction({ id: "quick", title: "Quick", staleAfter: "1h", execute }),
]);
const schedule: Scheduler = (request) =>
  dueAt(request, policyFor(DEFAULT_SCHEDULE, actions.get(request.actionId)));

describe.each(databaseKinds)("PrismaRequestStore scheduling on %s", (kind) => {
  let db: TestDatabase;
  let store: PrismaRequestStore;
  let service: RequestService;
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = new PrismaRequestStore(db.prisma, auditKeyFrom("s".repeat(32)), {
      now: () => clock.now(),
      schedule,
    });
    service = new RequestService({
      store,
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
      schedule: DEFAULT_SCHEDULE,
    });
  });
  afterAll(() => db?.destroy());
  // Each test sees only its own requests come due.
  beforeEach(() => db.sql("UPDATE requests SET due_at = NULL"));

  async function create(actionId = "refund") {
    const result = await service.createRequest({
      actionId,
      environment: "production",
      team: "Acme",
      params: {},
      purpose: "Customer asked",
      makerId: "U0MAKER",
      checkerIds: [CHECKER],
    });
    if (!result.ok) throw new Error(result.refusal.message);
    return result.value.request;
  }

  async function dueOf(id: string) {
    const row = await db.prisma.request.findUniqueOrThrow({
      where: { id },
      select: { dueAt: true },
    });
    return row.dueAt;
  }

  const later = (ms: number) => new Date(clock.now().getTime() + ms);
  const ids = (requests: readonly { id: string }[]) => requests.map((request) => request.id);

  it("claims only due requests, earliest due first, each for the length of the claim", async () => {
    const start = clock.now();
    const slow = await create("refund"); // due at +4h
    const quick = await create("quick"); // created after, due first: at +1h
    const declined = await create("refund");
    await service.declineRequest({ requestId: declined.id, actorId: CHECKER, reason: "No" });
    clock.advance(3 * HOUR);
    const notYet = await create("refund"); // due at +7h
    clock.set(new Date(start.getTime() + 5 * HOUR));
    const now = clock.now();

    expect(ids(await store.claimDue(now, 1, CLAIM_MS))).toEqual([quick.id]);
    const rest = await store.claimDue(now, 10, CLAIM_MS);
    expect(ids(rest)).toEqual([slow.id]);
    expect(rest[0]).toMatchObject({ number: slow.number, status: "PENDING", version: 0 });
    expect(await store.claimDue(now, 10, CLAIM_MS)).toEqual([]);

    expect(await dueOf(quick.id)).toEqual(later(CLAIM_MS));
    expect(await dueOf(slow.id)).toEqual(later(CLAIM_MS));
    expect(await dueOf(notYet.id)).toEqual(new Date(start.getTime() + 7 * HOUR));
    expect(await dueOf(declined.id)).toBeNull();
    // A claimant that died without writing: the requests come due again when the claim runs out.
    clock.advance(CLAIM_MS - 1);
    expect(await store.claimDue(clock.now(), 10, CLAIM_MS)).toEqual([]);
    clock.advance(1);
    expect(ids(await store.claimDue(clock.now(), 10, CLAIM_MS)).sort()).toEqual(
      [quick.id, slow.id].sort(),
    );
  });

  it("several claimed at once come back in the order they were due, not by number", async () => {
    const start = clock.now();
    const late = await create("refund"); // due at +4h
    const early = await create("quick"); // due at +1h
    clock.advance(2 * HOUR);
    const middle = await create("quick"); // due at +3h
    clock.set(new Date(start.getTime() + 5 * HOUR));
    expect(ids(await store.claimDue(clock.now(), 10, CLAIM_MS))).toEqual([
      early.id,
      middle.id,
      late.id,
    ]);
  });

  it("concurrent claims get disjoint sets that together are every due request", async () => {
    const created = [];
    for (let i = 0; i < 9; i++) created.push(await create("quick"));
    clock.advance(HOUR);
    const now = clock.now();
    const claims = await Promise.all([1, 2, 3].map(() => store.claimDue(now, 4, CLAIM_MS)));
    const claimed = claims.flatMap(ids);
    expect(claimed).toHaveLength(new Set(claimed).size);
    expect(claimed.sort()).toEqual(ids(created).sort());
    expect(claims.every((claim) => claim.length <= 4)).toBe(true);
    expect(await store.claimDue(now, 10, CLAIM_MS)).toEqual([]);
  });

  it("reschedule changes nothing once the request changed since it was read", async () => {
    const read = await create("refund");
    expect(await store.reschedule(read, later(HOUR))).toBe(true);
    expect(await dueOf(read.id)).toEqual(later(HOUR));

    const approved = await service.approveRequest({ requestId: read.id, actorId: CHECKER });
    expect(approved.ok && approved.value.request.status).toBe("APPROVED");
    expect(await dueOf(read.id)).toEqual(later(START_GRACE_MS));
    expect(await store.reschedule(read, later(5 * HOUR))).toBe(false);
    expect(await dueOf(read.id)).toEqual(later(START_GRACE_MS));

    const fresh = await store.findById(read.id);
    expect(fresh && (await store.reschedule(fresh, null))).toBe(true);
    expect(await dueOf(read.id)).toBeNull();
  });

  it("findOpen pages by number over pending and approved requests, skipping closed ones", async () => {
    const [a, b, c, d, e] = [
      await create(),
      await create(),
      await create(),
      await create(),
      await create(),
    ];
    if (!a || !b || !c || !d || !e) throw new Error("five requests expected");
    await service.declineRequest({ requestId: b.id, actorId: CHECKER, reason: "No" });
    await service.approveRequest({ requestId: d.id, actorId: CHECKER });
    await service.cancelRequest({ requestId: e.id, actorId: "U0MAKER" });

    const page = async (after: number) =>
      (await store.findOpen(after, 2)).map((r) => [r.number, r.status]);
    expect(await page(a.number - 1)).toEqual([
      [a.number, "PENDING"],
      [c.number, "PENDING"],
    ]);
    expect(await page(c.number)).toEqual([[d.number, "APPROVED"]]);
    expect(await page(d.number)).toEqual([]);
  });
});
