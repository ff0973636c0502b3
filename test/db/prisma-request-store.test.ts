import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { toAuditEvent, toRecord } from "../../src/db/request-rows.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { replay } from "../../src/requests/replay.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

describe.each(databaseKinds)("PrismaRequestStore on %s", (kind) => {
  let db: TestDatabase;
  let t: ReturnType<typeof testActions>;
  let service: RequestService;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    // A slow executor widens the window in which concurrent clicks could both win.
    t = testActions(async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ok: true, result: { ran: ctx.request.number } };
    });
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, auditKeyFrom("s".repeat(32))),
      actions: t.registry,
      clock: new ManualClock(),
      directory: staticDirectory(),
      environments: ["production"],
    });
  });
  afterAll(() => db?.destroy());

  async function newRequest(actionId = "waive-invoice", checkerIds = ["U0CHECK"]) {
    const params =
      actionId === "waive-invoice"
        ? { invoice_id: "in_1", card_last4: "4242" }
        : { account: "acme" };
    const result = await service.createRequest({
      actionId,
      environment: "production",
      team: "Acme",
      params,
      purpose: "Because",
      makerId: "U0MAKER",
      checkerIds,
    });
    if (!result.ok) throw new Error(result.refusal.message);
    return result.value.request;
  }

  /** What a Slack click does: approve, and run it if that approval was the last one needed. */
  async function click(requestId: string, actorId: string) {
    const approval = await service.approveRequest({ requestId, actorId });
    if (approval.ok && approval.value.approved) await service.executeRequest(requestId);
    return approval;
  }

  it("20 concurrent approvals of one request: one APPROVED event, one execution", async () => {
    const request = await newRequest();
    const runsBefore = t.runs.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => click(request.id, "U0CHECK")),
    );

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.refusal.code))).toEqual(
      new Set(["REQUEST.NOT_PENDING"]),
    );
    expect(t.runs.length - runsBefore).toBe(1);
    const events = await db.prisma.auditEvent.findMany({ where: { requestId: request.id } });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count("REQUEST_APPROVED")).toBe(1);
    expect(count("EXECUTION_STARTED")).toBe(1);
    expect(count("REQUEST_FINISHED")).toBe(1);
    // The 19 refused clicks are one actor's one refusal: sealed once, the 18 repeats counted.
    expect(count("ATTEMPT_REFUSED")).toBe(1);
    const [tally] = await db.prisma.refusalTally.findMany({ where: { subject: request.id } });
    expect(tally).toMatchObject({ actor: "U0CHECK", code: "REQUEST.NOT_PENDING", repeats: 18 });
    expect((await service.findById(request.id))?.status).toBe("FINISHED");
  });

  it("two approvals needed, three checkers clicking at once: exactly one execution", async () => {
    const request = await newRequest("delete-account", ["U0A", "U0B", "U0C"]);
    const runsBefore = t.runs.length;
    await Promise.all(
      ["U0A", "U0B", "U0C", "U0A", "U0B", "U0C"].map((who) => click(request.id, who)),
    );
    expect(t.runs.length - runsBefore).toBe(1);
    const stored = await service.findById(request.id);
    expect(stored?.status).toBe("FINISHED");
    expect(stored?.approvedBy).toHaveLength(2);
  });

  it("the audit chain is gap-free and linked, and replaying events rebuilds every row", async () => {
    const declined = await newRequest();
    await service.declineRequest({ requestId: declined.id, actorId: "U0CHECK", reason: "No" });
    await service.duplicateRequest({ requestId: declined.id, actorId: "U0MAKER" });

    const events = (await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } })).map(
      toAuditEvent,
    );
    events.forEach((event, index) => {
      expect(event.seq).toBe(index + 1);
      expect(event.prevHash).toBe(index === 0 ? "0".repeat(64) : events[index - 1]?.hash);
    });
    const rows = (await db.prisma.request.findMany()).map(toRecord);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(replay(events.filter((e) => e.requestId === row.id))).toEqual(row);
    }
  });

  it("request numbers stay unique under concurrent creation", async () => {
    const made = await Promise.all(Array.from({ length: 10 }, () => newRequest()));
    expect(new Set(made.map((r) => r.number)).size).toBe(10);
  });

  it("the database refuses to rewrite history", async () => {
    await expect(db.sql("UPDATE audit_events SET actor = 'U0EVIL'")).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(db.sql("DELETE FROM audit_events")).rejects.toThrow(/append-only: DELETE/);
    await expect(db.sql("TRUNCATE audit_events")).rejects.toThrow(/append-only: TRUNCATE/);
  });
});
