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
