import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { databaseKinds, type TestDatabase } from "../support/database.ts";
import { populatedDatabase } from "../support/populated-trail.ts";
import { whileTampered } from "./tamper.ts";
import { auditService, CHECKER, createNote, key, type Trail, value } from "./trail.ts";

// Small pages, so every check crosses page boundaries.
const batchSize = 3;

describe.each(databaseKinds)("verifyAuditTrail on %s", (kind) => {
  let db: TestDatabase;
  let trail: Trail;

  beforeAll(async () => {
    ({ db, trail } = await populatedDatabase(kind));
  });
  afterAll(() => db?.destroy());

  const verify = () => verifyAuditTrail(new PrismaTrailReader(db.prisma), key, { batchSize });

  it("a clean trail verifies, in small pages and in one", async () => {
    const last = await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const expected = {
      ok: true,
      events: trail.events,
      requests: trail.requests,
      head: { seq: trail.events, hash: last.hash, at: new Date("2026-01-05T09:10:00.000Z") },
    };
    expect(await verify()).toEqual(expected);
    expect(await verifyAuditTrail(new PrismaTrailReader(db.prisma), key)).toEqual(expected);
    expect(await db.prisma.auditEvent.count()).toBe(trail.events);
  });

  it("catches an event edited by hand, naming it", async () => {
    const report = await whileTampered(
      db,
      {
        events: "seq = 6",
        sql: [`UPDATE audit_events SET details = '{"reason":"Approved, actually"}' WHERE seq = 6`],
      },
      verify,
    );
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: 6,
        requestNumber: trail.declined,
        message: `event 6 (REQUEST_DECLINED on #${trail.declined}): its content does not match its hash (the row was edited after it was written)`,
      },
    });
    expect((await verify()).ok).toBe(true);
  });

  it("catches a deleted event as a gap", async () => {
    const report = await whileTampered(
      db,
      { events: "seq = 5", sql: ["DELETE FROM audit_events WHERE seq = 5"] },
      verify,
    );
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: 5,
        message:
          "event 5 is missing: the trail jumps from event 4 to event 6 (events were deleted)",
      },
    });
  });

  it("catches several deleted events at the start of the trail", async () => {
    const report = await whileTampered(
      db,
      { events: "seq <= 2", sql: ["DELETE FROM audit_events WHERE seq <= 2"] },
      verify,
    );
    expect(report).toMatchObject({
      ok: false,
      problem: {
        seq: 1,
        message: "events 1 to 2 are missing: the trail starts at event 3 (events were deleted)",
      },
    });
  });

  it("catches a requests row that disagrees with its events, naming the request", async () => {
    const report = await whileTampered(
      db,
      {
        requests: `number = ${trail.cancelled}`,
        sql: [`UPDATE requests SET status = 'FINISHED' WHERE number = ${trail.cancelled}`],
      },
      verify,
    );
    expect(report).toEqual({
      ok: false,
      problem: {
        requestNumber: trail.cancelled,
        message: `request #${trail.cancelled}: the requests table says status FINISHED but its events say CANCELLED`,
      },
    });
  });

  it("compares the whole row: params, approvers and dates", async () => {
    const n = trail.finished;
    const tamper = (set: string) =>
      whileTampered(
        db,
        { requests: `number = ${n}`, sql: [`UPDATE requests SET ${set} WHERE number = ${n}`] },
        verify,
      );
    expect(
      await tamper(`params = '{"note":"Deploy freeze starts Friday","audience":"everyone"}'`),
    ).toMatchObject({
      ok: false,
      problem: {
        requestNumber: n,
        message: `request #${n}: the requests table says params {"audience":"everyone","note":"Deploy freeze starts Friday"} but its events say {"audience":"engineering","note":"Deploy freeze starts Friday"}`,
      },
    });
    expect(await tamper("approved_by = ARRAY['U9OTHER']")).toMatchObject({
      problem: {
        message: `request #${n}: the requests table says approved_by ["U9OTHER"] but its events say ["U2CHECK"]`,
      },
    });
    expect(await tamper("executed_at = executed_at + interval '1 hour'")).toMatchObject({
      problem: {
        message: `request #${n}: the requests table says executed_at 2026-01-05T10:02:00.000Z but its events say 2026-01-05T09:02:00.000Z`,
      },
    });
    // Pointing a request at a workflow step, whose completion would then carry its outcome.
    expect(
      await tamper(
        `workflow_step = '{"executionId":"Fx0OTHER","workflowExecutionId":null,"details":null}'`,
      ),
    ).toMatchObject({
      problem: {
        message: `request #${n}: the requests table says workflow_step {"details":null,"executionId":"Fx0OTHER","workflowExecutionId":null} but its events say none`,
      },
    });
    // version is only a compare-and-set token: not evidence of anything.
    expect((await tamper("version = version + 7")).ok).toBe(true);
  });

  it("catches a deleted request through the events left without a row", async () => {
    const n = trail.pending;
    const report = await whileTampered(
      db,
      { requests: `number = ${n}`, sql: [`DELETE FROM requests WHERE number = ${n}`] },
      verify,
    );
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: 9,
        requestNumber: n,
        message: `event 9 (REQUEST_CREATED on #${n}): request #${n} is not in the requests table (its row was deleted)`,
      },
    });
  });

  it("catches a request row with no events at all", async () => {
    const n = 99;
    const report = await whileTampered(
      db,
      {
        requests: `number = ${n}`,
        sql: [
          `INSERT INTO requests (id, number, action_id, environment, team, params, purpose, maker_id,
             checker_ids, status, created_at, updated_at, correlation_id, last_event_id)
           VALUES (gen_random_uuid(), ${n}, 'post-note', 'production', 'Platform', '{"note":"Hi"}',
             'Backdated', 'U1MAKER', ARRAY['U2CHECK'], 'FINISHED', now(), now(), gen_random_uuid(),
             gen_random_uuid())`,
        ],
      },
      verify,
    );
    expect(report).toMatchObject({
      ok: false,
      problem: {
        requestNumber: n,
        message: `request #${n}: the audit trail has no events for it (the row was added by hand, or its events were deleted)`,
      },
    });
  });

  it("says when the trail was sealed with another key", async () => {
    const report = await verifyAuditTrail(
      new PrismaTrailReader(db.prisma),
      auditKeyFrom("y".repeat(32)),
    );
    expect(report).toMatchObject({
      ok: false,
      problem: { seq: 1, requestNumber: trail.finished },
    });
    expect(!report.ok && report.problem.message).toMatch(
      /^event 1 \(REQUEST_CREATED on #1\): it was sealed with another audit key \(key id [0-9a-f]{16}, this key is [0-9a-f]{16}\)$/,
    );
  });

  it("the append-only triggers reject UPDATE, DELETE and TRUNCATE", async () => {
    await expect(db.sql("UPDATE audit_events SET actor = 'U9EVIL' WHERE seq = 1")).rejects.toThrow(
      /audit_events is append-only: UPDATE is not allowed/,
    );
    await expect(db.sql("DELETE FROM audit_events WHERE seq = 12")).rejects.toThrow(
      /audit_events is append-only: DELETE is not allowed/,
    );
    await expect(db.sql("TRUNCATE audit_events")).rejects.toThrow(
      /audit_events is append-only: TRUNCATE is not allowed/,
    );
    expect(await verify()).toMatchObject({ ok: true, events: trail.events });
  });

  // Last: it adds requests. Verify reads a row, then its events; the bot may change both between.
  it("raises no false alarm while the bot keeps writing", async () => {
    const service = auditService(db.prisma, new ManualClock("2026-01-06T09:00:00.000Z"));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 60; i++) {
        const request = await createNote(service, `Live ${i}`);
        value(await service.approveRequest({ requestId: request.id, actorId: CHECKER }));
        value(await service.executeRequest(request.id));
      }
    })();
    const reports = [];
    try {
      for (let i = 0; i < 6; i++) {
        reports.push(
          await verifyAuditTrail(new PrismaTrailReader(db.prisma), key, { batchSize: 1 }),
        );
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(reports.filter((report) => !report.ok)).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
