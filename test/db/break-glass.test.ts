import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinActions } from "../../src/actions/index.ts";
import { exportedEvents } from "../../src/audit/export.ts";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestQuery } from "../../src/db/prisma-request-query.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { CHECKER, createNote, key, MAKER, START, value } from "../audit/trail.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

const SECOND = "U3SECOND";

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
        // No allow-list and no audit channel: two reviewers, two looks.
        checkerIds: [CHECKER, SECOND],
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
      reviewsRequired: 2,
      reviewVerdict: "FLAGGED",
      reviewedBy: CHECKER,
      reviewNote: "Should have paged",
    });
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: true,
      requests: 2,
    });
  });

  it("the Home query and the export list the uses and nothing else", async () => {
    const page = await new PrismaRequestQuery(db.prisma).list({ breakGlass: true }, {}, 10);
    expect(page.requests.map((r) => r.number)).toEqual([used]);
    const events = [];
    for await (const event of exportedEvents(new PrismaTrailReader(db.prisma), {
      breakGlass: true,
    }))
      events.push(event);
    expect(events.map((e) => [e.requestNumber, e.type])).toEqual([
      [used, "REQUEST_CREATED"],
      [used, "BREAK_GLASS_USED"],
      [used, "EXECUTION_STARTED"],
      [used, "REQUEST_FINISHED"],
      [used, "BREAK_GLASS_REVIEWED"],
    ]);
    expect(events.some((e) => e.requestNumber === normal)).toBe(false);
  });

  it("a first look stored as settled, or a requirement lowered, is named by verify", async () => {
    const clock = new ManualClock("2026-01-05T12:00:00.000Z");
    const reviewer = new RequestService({
      store: new PrismaRequestStore(db.prisma, key),
      actions: new ActionRegistry([...builtinActions, restart]),
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    const created = value(
      await reviewer.createRequest({
        actionId: "restart-pipeline",
        environment: "production",
        team: "Billing",
        params: {},
        purpose: "Invoices stopped again",
        makerId: MAKER,
        checkerIds: [CHECKER, SECOND],
        breakGlass: { reason: "Stuck again" },
      }),
    ).request;
    const first = value(
      await reviewer.reviewBreakGlass({
        requestId: created.id,
        actorId: CHECKER,
        verdict: "ACKNOWLEDGED",
      }),
    ).request;
    expect(first).toMatchObject({ reviewVerdict: null, reviewedBy: CHECKER, reviewsRequired: 2 });
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: true,
    });

    // Someone with write access to the table settles it without the second look.
    await db.sql(
      `UPDATE requests SET review_verdict = 'ACKNOWLEDGED' WHERE number = ${created.number}`,
    );
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: false,
      problem: {
        message: `request #${created.number}: the requests table says review_verdict ACKNOWLEDGED but its events say none`,
      },
    });
    await db.sql(
      `UPDATE requests SET review_verdict = NULL, reviews_required = 1 WHERE number = ${created.number}`,
    );
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: false,
      problem: {
        message: `request #${created.number}: the requests table says reviews_required 1 but its events say 2`,
      },
    });
    await db.sql(`UPDATE requests SET reviews_required = 2 WHERE number = ${created.number}`);
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toMatchObject({
      ok: true,
    });
  });
});
