import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestQuery } from "../../src/db/prisma-request-query.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

describe.each(databaseKinds)("PrismaRequestQuery on %s", (kind) => {
  let db: TestDatabase;
  let query: PrismaRequestQuery;
  let service: RequestService;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    query = new PrismaRequestQuery(db.prisma);
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, auditKeyFrom("q".repeat(32))),
      actions: testActions().registry,
      clock: new ManualClock(),
      directory: staticDirectory(),
      environments: ["production", "staging"],
    });
    // 12 requests: alternating environments and teams, two makers, checkers A or B.
    for (let i = 1; i <= 12; i++) {
      const created = await service.createRequest({
        actionId: i % 3 === 0 ? "delete-account" : "waive-invoice",
        environment: i % 2 === 0 ? "staging" : "production",
        team: i % 4 === 0 ? "Globex 100% Corp" : "Acme",
        params: i % 3 === 0 ? { account: `a${i}` } : { invoice_id: `in_${i}` },
        purpose: `Request ${i}`,
        makerId: i <= 6 ? "U0MAKER1" : "U0MAKER2",
        checkerIds: i % 3 === 0 ? ["U0A", "U0B"] : [i % 2 === 0 ? "U0A" : "U0B"],
      });
      if (!created.ok) throw new Error(created.refusal.message);
      // Two a day from 2026-01-05: #1 and #2 on the 5th (09:00, 21:00), #3 and #4 on the 6th…
      await db.prisma.request.update({
        where: { number: i },
        data: { createdAt: new Date(Date.UTC(2026, 0, 5, 9 + (i - 1) * 12)) },
      });
    }
    const first = await service.findByNumber(1);
    await service.declineRequest({ requestId: first?.id ?? "", actorId: "U0B", reason: "No" });
    const third = await service.findByNumber(3);
    await service.approveRequest({ requestId: third?.id ?? "", actorId: "U0A" });
  });
  afterAll(() => db?.destroy());

  const numbers = (page: { requests: readonly { number: number }[] }) =>
    page.requests.map((request) => request.number);

  it("pages newest first, forward and back", async () => {
    const first = await query.list({}, {}, 5);
    expect(numbers(first)).toEqual([12, 11, 10, 9, 8]);
    expect([first.hasNewer, first.hasOlder]).toEqual([false, true]);
    const second = await query.list({}, { olderThan: 8 }, 5);
    expect(numbers(second)).toEqual([7, 6, 5, 4, 3]);
    const last = await query.list({}, { olderThan: 3 }, 5);
    expect(numbers(last)).toEqual([2, 1]);
    expect([last.hasNewer, last.hasOlder]).toEqual([true, false]);
    const back = await query.list({}, { newerThan: 7 }, 5);
    expect(numbers(back)).toEqual([12, 11, 10, 9, 8]);
    expect([back.hasNewer, back.hasOlder]).toEqual([false, true]);
  });

  it("filters combine with AND", async () => {
    expect(
      numbers(await query.list({ environment: "staging", makerId: "U0MAKER1" }, {}, 20)),
    ).toEqual([6, 4, 2]);
    expect(
      numbers(await query.list({ checkerId: "U0B", actionId: "delete-account" }, {}, 20)),
    ).toEqual([12, 9, 6, 3]);
    expect(numbers(await query.list({ status: "DECLINED" }, {}, 20))).toEqual([1]);
    expect(numbers(await query.list({ team: "Globex 100% Corp" }, {}, 20))).toEqual([12, 8, 4]);
  });

  it("counts what a filter matches, and what comes before a page", async () => {
    expect(await query.count({})).toBe(12);
    expect(await query.count({ environment: "staging", makerId: "U0MAKER1" })).toBe(3);
    expect(await query.count({ status: "DECLINED" })).toBe(1);
    // The rows above #8: "6–10 of 12" for the page starting there.
    expect(await query.count({}, { newerThan: 8 })).toBe(4);
    expect(await query.count({ environment: "staging" }, { newerThan: 8 })).toBe(2);
  });

  it("filters by UTC days, both ends inclusive", async () => {
    const range = { createdFrom: "2026-01-06", createdTo: "2026-01-07" };
    expect(numbers(await query.list(range, {}, 20))).toEqual([6, 5, 4, 3]);
    expect(await query.count(range)).toBe(4);
    // One day: from its first millisecond to its last (#2 was asked at 21:00).
    const day = { createdFrom: "2026-01-05", createdTo: "2026-01-05" };
    expect(numbers(await query.list(day, {}, 20))).toEqual([2, 1]);
    expect(numbers(await query.list({ createdFrom: "2026-01-10" }, {}, 20))).toEqual([12, 11]);
    expect(numbers(await query.list({ createdTo: "2026-01-05" }, {}, 20))).toEqual([2, 1]);
    // With the other filters, and across pages.
    const staging = { ...range, environment: "staging" };
    expect(numbers(await query.list(staging, {}, 20))).toEqual([6, 4]);
    const first = await query.list(range, {}, 3);
    expect(numbers(first)).toEqual([6, 5, 4]);
    expect(numbers(await query.list(range, { olderThan: 4 }, 3))).toEqual([3]);
    // A first day after the last matches nothing.
    expect(await query.count({ createdFrom: "2026-01-07", createdTo: "2026-01-06" })).toBe(0);
  });

  it("waiting for a checker leaves out what they already approved and what is closed", async () => {
    const waiting = await query.waitingFor("U0A", 3);
    expect(waiting.total).toBe(7);
    expect(numbers(waiting)).toEqual([2, 4, 6]);
    expect(numbers(await query.waitingFor("U0B", 20))).not.toContain(1);
  });

  it("a maker's own requests, newest first, with the total", async () => {
    const mine = await query.madeBy("U0MAKER2", 2);
    expect(numbers(mine)).toEqual([12, 11]);
    expect(mine.total).toBe(6);
  });

  it("team typeahead matches anywhere, case-insensitively, with % taken literally", async () => {
    expect(await query.teams("glob", 10)).toEqual(["Globex 100% Corp"]);
    expect(await query.teams("0%", 10)).toEqual(["Globex 100% Corp"]);
    expect(await query.teams("%", 10)).toEqual(["Globex 100% Corp"]);
    expect(await query.teams("", 10)).toEqual(["Acme", "Globex 100% Corp"]);
  });
});
