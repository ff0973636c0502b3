import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postNote } from "../../src/actions/post-note.ts";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";
import { whileTampered } from "./tamper.ts";
import { CHECKER, key, MAKER, START, value } from "./trail.ts";

const CHECKER2 = "U3CHECK";
const STRANGER = "U9STRANGER";

/**
 * Someone with the audit key and write access to the database, forcing a decision into the trail
 * the way the bot would write it, but past the bot's rules: the store applies it to the row as
 * they edited it, and seals it.
 */
async function forge(
  db: TestDatabase,
  number: number,
  type: "REQUEST_APPROVED" | "REQUEST_DECLINED",
  actor: string,
): Promise<void> {
  const store = new PrismaRequestStore(db.prisma, key);
  const row = (await store.findByNumber(number)) as RequestRecord;
  const draft: AuditEventDraft = {
    id: crypto.randomUUID(),
    type,
    requestId: row.id,
    requestNumber: row.number,
    correlationId: row.correlationId,
    causationId: row.lastEventId,
    actor,
    fromStatus: "PENDING",
    toStatus: type === "REQUEST_APPROVED" ? "APPROVED" : "DECLINED",
    at: new Date("2026-01-05T10:00:00.000Z"),
    details: type === "REQUEST_APPROVED" ? { approvals: 1 } : { reason: "forged" },
  };
  if (!(await store.transition(row, draft))) throw new Error("the forged event was not written");
}

describe.each(databaseKinds)("verify proves who was allowed to decide, on %s", (kind) => {
  let db: TestDatabase;
  let service: RequestService;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    service = new RequestService({
      store: new PrismaRequestStore(db.prisma, key),
      // Post a note, but two different people must approve it.
      actions: new ActionRegistry([{ ...postNote, approvals: 2 }]),
      clock: new ManualClock(START),
      directory: staticDirectory(),
      environments: ["production"],
    });
  });
  afterAll(() => db?.destroy());

  const file = async () =>
    value(
      await service.createRequest({
        actionId: "post-note",
        environment: "production",
        team: "Platform",
        params: { note: "Deploy freeze starts Friday" },
        purpose: "Tell people before it happens",
        makerId: MAKER,
        checkerIds: [CHECKER, CHECKER2],
      }),
    ).request;
  const seqOfLast = async () =>
    Number((await db.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } }))?.seq ?? 0);
  /** Runs `tamper` and verifies; then takes away every event and request it added. */
  const afterwards = async (tamper: () => Promise<void>) => {
    const seq = await seqOfLast();
    const number = (await db.prisma.request.findFirst({ orderBy: { number: "desc" } }))?.number;
    const added = { events: `seq > ${seq}`, requests: `number > ${number ?? 0}`, sql: [] };
    return whileTampered(db, added, async () => {
      await tamper();
      return verifyAuditTrail(new PrismaTrailReader(db.prisma), key);
    });
  };

  it("a clean trail of the same requests verifies", async () => {
    const report = await afterwards(async () => {
      const { id } = await file();
      value(await service.approveRequest({ requestId: id, actorId: CHECKER }));
      value(await service.approveRequest({ requestId: id, actorId: CHECKER2 }));
    });
    expect(report).toMatchObject({ ok: true, requests: 1 });
  });

  it("names a decision by a stranger added to checker_ids and removed again", async () => {
    let number = 0;
    const report = await afterwards(async () => {
      number = (await file()).number;
      await db.sql(
        `UPDATE requests SET checker_ids = array_append(checker_ids, '${STRANGER}') WHERE number = ${number}`,
      );
      await forge(db, number, "REQUEST_DECLINED", STRANGER);
      await db.sql(
        `UPDATE requests SET checker_ids = array_remove(checker_ids, '${STRANGER}') WHERE number = ${number}`,
      );
    });
    // The row agrees with its events again: only the rules sealed in the trail can tell.
    const seq = await seqOfLast();
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: seq + 2,
        requestNumber: number,
        message: `event ${seq + 2} (REQUEST_DECLINED on #${number}): ${STRANGER} declined it, but is not one of the checkers sealed in its trail (${CHECKER}, ${CHECKER2})`,
      },
    });
  });

  it("names an approval short of the approvals sealed at creation, approvals_required lowered", async () => {
    let number = 0;
    const report = await afterwards(async () => {
      number = (await file()).number;
      await db.sql(`UPDATE requests SET approvals_required = 1 WHERE number = ${number}`);
      await forge(db, number, "REQUEST_APPROVED", CHECKER);
      // Put back as sealed, the row agrees with its events; the trail still says 1 of 2.
      await db.sql(`UPDATE requests SET approvals_required = 2 WHERE number = ${number}`);
    });
    const seq = await seqOfLast();
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: seq + 2,
        requestNumber: number,
        message: `event ${seq + 2} (REQUEST_APPROVED on #${number}): it approves the request with 1 approval(s), but its creation requires 2`,
      },
    });
  });

  it("names a decline sealed with the status of an approval (a legal move for the wrong event)", async () => {
    let number = 0;
    const report = await afterwards(async () => {
      const request = await file();
      number = request.number;
      // Appended past the bot (whose writes replay every event first), then the row set to match.
      await new PrismaRequestStore(db.prisma, key).append({
        id: crypto.randomUUID(),
        type: "REQUEST_DECLINED",
        requestId: request.id,
        requestNumber: number,
        correlationId: request.correlationId,
        causationId: request.lastEventId,
        actor: CHECKER,
        fromStatus: "PENDING",
        toStatus: "APPROVED",
        at: new Date("2026-01-05T10:00:00.000Z"),
        details: { reason: "forged" },
      });
      await db.sql(`UPDATE requests SET status = 'APPROVED' WHERE number = ${number}`);
    });
    const seq = await seqOfLast();
    expect(report).toEqual({
      ok: false,
      problem: {
        seq: seq + 2,
        requestNumber: number,
        message: `event ${seq + 2} (REQUEST_DECLINED on #${number}): it is a REQUEST_DECLINED, which moves a request PENDING → DECLINED, but it moves it PENDING → APPROVED`,
      },
    });
  });
});
