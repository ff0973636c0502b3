/**
 * What an executor answers, recorded on a real database: PostgreSQL (and PGlite) refuse NUL and
 * unpaired surrogates, so an answer holding them must still end the request, and the sweep must
 * never run the action again because its outcome was lost.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { ExecutionOutcome } from "../../src/factory/types.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import {
  DEFAULT_SCHEDULE,
  dueAt,
  EXECUTION_LEASE_MS,
  policyFor,
} from "../../src/requests/schedule.ts";
import type { Scheduler } from "../../src/requests/store.ts";
import { Sweeper } from "../../src/scheduler/sweeper.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";
import { collectingLogger } from "../support/logger.ts";

const CHECKER = "U0CHECK";
const KEY = auditKeyFrom("o".repeat(32));

describe.each(databaseKinds)("an execution outcome the database would refuse, on %s", (kind) => {
  let db: TestDatabase;
  let service: RequestService;
  let runner: ExecutionRunner;
  let sweeper: Sweeper;
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");
  /** What the next run answers, and every run so far (by request number). */
  let answer: ExecutionOutcome = { ok: true, result: null };
  const runs: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const actions = new ActionRegistry([
      defineAction({
        id: "webhook",
        title: "Webhook",
        idempotent: true,
        execute: async (ctx) => {
          runs.push(ctx.request.number);
          return answer;
        },
      }),
    ]);
    const schedule: Scheduler = (request) =>
      dueAt(request, policyFor(DEFAULT_SCHEDULE, actions.get(request.actionId)));
    const store = new PrismaRequestStore(db.prisma, KEY, { now: () => clock.now(), schedule });
    service = new RequestService({
      store,
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    const { logger } = collectingLogger();
    runner = new ExecutionRunner(service, logger);
    sweeper = new Sweeper({ store, requests: service, runner, schedule, clock, logger });
  });
  afterAll(() => db?.destroy());

  /** Files, approves and runs a request whose executor answers `outcome`; then sweeps, later. */
  async function runWith(outcome: ExecutionOutcome) {
    answer = outcome;
    const created = await service.createRequest({
      actionId: "webhook",
      environment: "production",
      team: "Acme",
      params: {},
      purpose: "Customer asked",
      makerId: "U0MAKER",
      checkerIds: [CHECKER],
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const { number, id } = created.value.request;
    await service.approveRequest({ requestId: id, actorId: CHECKER });
    await runner.run(id);
    // Long past any lease: a request left EXECUTING would be resumed, and run again, here.
    for (let sweep = 0; sweep < 3; sweep++) {
      clock.advance(2 * EXECUTION_LEASE_MS);
      await sweeper.sweep();
      await runner.idle();
    }
    const request = await service.findById(id);
    const story = await service.storyOf(id);
    return {
      request,
      types: story?.events.map((event) => event.type),
      runs: runs.filter((run) => run === number),
    };
  }

  it("a result holding NUL: run once, FINISHED, the NUL replaced", async () => {
    const { request, types, runs } = await runWith({ ok: true, result: { note: "ok\u0000" } });
    expect(runs).toHaveLength(1);
    expect(request).toMatchObject({ status: "FINISHED", result: { note: "ok\uFFFD" } });
    expect(types).toEqual([
      "REQUEST_CREATED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
  });

  it("a result holding lone surrogates, in a value and in a key: run once, FINISHED", async () => {
    const { request, runs } = await runWith({
      ok: true,
      result: { "k\udc00": ["\ud800", "fine 💸"] },
    });
    expect(runs).toHaveLength(1);
    expect(request).toMatchObject({
      status: "FINISHED",
      result: { "k\uFFFD": ["\uFFFD", "fine 💸"] },
    });
  });

  it("an error holding NUL and a lone surrogate: run once, FAILED with the error readable", async () => {
    const { request, runs } = await runWith({
      ok: false,
      error: "Webhook answered 500: bad\u0000 \ud800",
      result: { status: 500, body: "bad\u0000" },
    });
    expect(runs).toHaveLength(1);
    expect(request).toMatchObject({
      status: "FAILED",
      error: "Webhook answered 500: bad\uFFFD \uFFFD",
      result: { status: 500, body: "bad\uFFFD" },
    });
  });

  it("the trail verifies afterwards", async () => {
    const report = await verifyAuditTrail(new PrismaTrailReader(db.prisma), KEY);
    expect(report).toMatchObject({ ok: true, requests: 3 });
  });
});
