import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinActions } from "../../src/actions/index.ts";
import { exportedEvents } from "../../src/audit/export.ts";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestQuery } from "../../src/db/prisma-request-query.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { CHECKER, createNote, key, MAKER, START, value } from "../audit/trail.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const restart = defineAction({
  id: "restart-pipeline",
  title: "Restart pipeline",
  description: "Restart the billing pipeline",
  breakGlass: true,
  params: [],
  execute: async () => ({ ok: true, result: { restarted: true } }),
});

describe.each(databaseKinds)("break-glass uses on %s", (kind) => {
  let db: TestDatabase;
  let service: RequestService;
  let used: number;
  let normal: number;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const clock = new ManualClock(START);
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, key),
      actions: new ActionRegistry([...builtinActions, restart]),
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    normal = (await createNote(service, "Not an emergency")).number;
    const created = value(
      await service.createRequest({
        actionId: "restart-pipeline",
        environment: "production",
        team: "Billing",
        params: {},
        purpose: "Invoices stopped",
        makerId: MAKER,
        checkerIds: [CHECKER],
        breakGlass: { reason: "Pipeline stuck at 02:00" },
      }),
    ).request;
    used = created.number;
    clock.advance(60_000);
    value(await service.executeRequest(created.id));
    clock.advance(60_000);
    value(
      await service.reviewBreakGlass({
        requestId: created.id,
        actorId: CHECKER,
        verdict: "FLAGGED",
        note: "Should have paged",
      }),
    );
  });
  afterAll(() => db?.destroy());

  it("stores the use and its review, and the trail still verifies", async () => {
    const row = await db.prisma.request.findUniqueOrThrow({ where: { number: used } });
    expect(row).toMatchObject({
      status: "FINISHED",
      breakGlassReason: "Pipeline stuck at 02:00",
      reviewVerdict: "FLAGGED",
      reviewedBy: CHECKER,
      reviewNote: "Should have paged",
    });
    expect(await verifyAuditTrail(db.prisma, key)).toMatchObject({ ok: true, requests: 2 });
  });

  it("the Home query and the export list the uses and nothing else", async () => {
    const page = await new PrismaRequestQuery(db.prisma).list({ breakGlass: true }, {}, 10);
    expect(page.requests.map((r) => r.number)).toEqual([used]);
    const events = [];
    for await (const event of exportedEvents(db.prisma, { breakGlass: true })) events.push(event);
    expect(events.map((e) => [e.requestNumber, e.type])).toEqual([
      [used, "REQUEST_CREATED"],
      [used, "BREAK_GLASS_USED"],
      [used, "EXECUTION_STARTED"],
      [used, "REQUEST_FINISHED"],
      [used, "BREAK_GLASS_REVIEWED"],
    ]);
    expect(events.some((e) => e.requestNumber === normal)).toBe(false);
  });
});
