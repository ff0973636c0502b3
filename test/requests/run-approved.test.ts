/**
 * When an action runs is the core's decision: a commit that moves a request into APPROVED (the
 * last approval, or the maker breaking the glass) starts it, whoever made the change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { AuditEvent, AuditEventType } from "../../src/requests/audit-events.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { runApproved } from "../../src/requests/run-approved.ts";
import type { RequestStatus } from "../../src/requests/status.ts";
import type { CommittedEvent } from "../../src/requests/store.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { request } from "../slack/views/fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { collectingLogger } from "../support/logger.ts";

let seq = 0;
function committed(
  type: AuditEventType,
  from: RequestStatus | null,
  to: RequestStatus | null,
  requestId = "00000000-0000-4000-8000-000000000001",
): CommittedEvent {
  seq++;
  const event: AuditEvent = {
    id: `00000000-0000-4000-9000-${String(seq).padStart(12, "0")}`,
    type,
    requestId,
    requestNumber: 1,
    correlationId: requestId,
    causationId: null,
    actor: "U0CHECK",
    fromStatus: from,
    toStatus: to,
    at: new Date(),
    details: {},
    seq,
    keyId: "k",
    prevHash: "0",
    hash: "1",
  };
  return { event, request: request({ id: requestId, status: to ?? "PENDING" }) };
}

function recordingRunner() {
  const started: string[] = [];
  return {
    started,
    run: async (requestId: string) => {
      started.push(requestId);
    },
  };
}

describe("runApproved", () => {
  it("runs a request the commit approved", () => {
    const runner = recordingRunner();
    runApproved(runner)([committed("REQUEST_APPROVED", "PENDING", "APPROVED")]);
    expect(runner.started).toEqual(["00000000-0000-4000-8000-000000000001"]);
  });

  it("runs a break-glass request once, filed and approved in one commit", () => {
    const runner = recordingRunner();
    runApproved(runner)([
      committed("REQUEST_CREATED", null, "PENDING"),
      committed("BREAK_GLASS_USED", "PENDING", "APPROVED"),
    ]);
    expect(runner.started).toHaveLength(1);
  });

  it("runs nothing for changes that do not approve", () => {
    const runner = recordingRunner();
    runApproved(runner)([
      committed("REQUEST_CREATED", null, "PENDING"),
      committed("APPROVAL_RECORDED", "PENDING", "PENDING"),
      committed("REQUEST_DECLINED", "PENDING", "DECLINED"),
      committed("EXECUTION_STARTED", "APPROVED", "EXECUTING"),
      committed("REQUEST_FINISHED", "EXECUTING", "FINISHED"),
    ]);
    expect(runner.started).toEqual([]);
  });

  it("runs each request approved in the same commit", () => {
    const runner = recordingRunner();
    const other = "00000000-0000-4000-8000-000000000002";
    runApproved(runner)([
      committed("REQUEST_APPROVED", "PENDING", "APPROVED"),
      committed("REQUEST_APPROVED", "PENDING", "APPROVED", other),
    ]);
    expect(runner.started).toEqual(["00000000-0000-4000-8000-000000000001", other]);
  });
});

describe("runApproved on the store's committed changes (PGlite)", () => {
  const CHECKERS = ["U0ANN", "U0BOB"];
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");
  const runs: number[] = [];
  let db: TestDatabase;
  let service: RequestService;
  let runner: ExecutionRunner;

  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    const execute = async (ctx: { request: { number: number } }) => {
      runs.push(ctx.request.number);
      return { ok: true as const, result: null };
    };
    const actions = new ActionRegistry([
      defineAction({ id: "refund", title: "Refund", approvals: 2, execute }),
      defineAction({ id: "restart", title: "Restart", breakGlass: true, execute }),
    ]);
    let onCommitted = (_events: readonly CommittedEvent[]) => {};
    const store = new PrismaRequestStore(db.prisma, auditKeyFrom("r".repeat(32)), {
      now: () => clock.now(),
      onCommitted: (events) => onCommitted(events),
    });
    service = new RequestService({
      store,
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
    });
    runner = new ExecutionRunner(service, collectingLogger().logger);
    onCommitted = runApproved(runner);
  });
  afterAll(() => db?.destroy());

  const file = async (actionId: string, breakGlass?: { reason: string }) => {
    const created = await service.createRequest({
      actionId,
      environment: "production",
      team: "Acme",
      params: {},
      purpose: "Customer asked",
      makerId: "U0MAKER",
      checkerIds: CHECKERS,
      ...(breakGlass ? { breakGlass } : {}),
    });
    if (!created.ok) throw new Error(created.refusal.message);
    return created.value.request;
  };

  it("runs a request once its last approval is committed, not before", async () => {
    const filed = await file("refund");
    await service.approveRequest({ requestId: filed.id, actorId: "U0ANN" });
    await runner.idle();
    expect(runs).not.toContain(filed.number);
    await service.approveRequest({ requestId: filed.id, actorId: "U0BOB" });
    await runner.idle();
    expect(runs.filter((number) => number === filed.number)).toHaveLength(1);
    expect((await service.findById(filed.id))?.status).toBe("FINISHED");
  });

  it("runs a break-glass request as it is filed", async () => {
    const filed = await file("restart", { reason: "Pipeline stuck, on-call unreachable" });
    expect(filed.status).toBe("APPROVED");
    await runner.idle();
    expect(runs.filter((number) => number === filed.number)).toHaveLength(1);
    expect((await service.findById(filed.id))?.status).toBe("FINISHED");
  });
});
