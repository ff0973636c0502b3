import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaRequestStore } from "../../src/db/prisma-request-store.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import type { Notifier } from "../../src/requests/notifications.ts";
import { RequestService, type StepRequestInput } from "../../src/requests/request-service.ts";
import { auditKeyFrom } from "../../src/trail/key.ts";
import { testActions } from "../support/actions.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

/** The Slack side's step completion, reduced to what the database must keep: one per request. */
const completions: Notifier = ({ request, previous }) =>
  request.workflowStep && request.status === "DECLINED" && previous?.status === "PENDING"
    ? [
        {
          key: `${request.id}:step`,
          requestId: request.id,
          recipient: request.workflowStep.executionId,
          threadKey: null,
          payload: { step: { outputs: { status: "declined" } } },
        },
      ]
    : [];

const step = (executionId: string): StepRequestInput => ({
  executionId,
  workflowExecutionId: "Wx0RUN",
  actionId: "waive-invoice",
  makerId: "U0MAKER",
  checkerId: "U0CHECK",
  environment: "production",
  team: "Acme",
  purpose: "Refund form",
  details: "Refund of a double charge",
  params: { invoice_id: "in_1" },
});

describe.each(databaseKinds)("workflow steps in the store on %s", (kind) => {
  let db: TestDatabase;
  let services: RequestService[];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const key = auditKeyFrom("w".repeat(32));
    // Three "replicas": their own store and service over one database.
    services = [1, 2, 3].map(
      () =>
        new RequestService({
          store: new PrismaRequestStore(db.prisma, key, { notify: completions }),
          actions: testActions().registry,
          clock: new ManualClock(),
          directory: staticDirectory(),
          environments: ["production"],
        }),
    );
  });
  afterAll(() => db?.destroy());

  it("files one request for an execution delivered to three replicas at once", async () => {
    const results = await Promise.all(
      [...services, ...services].map((service) => service.fileStepRequest(step("Fx0RACE"))),
    );
    const filed = results.map((result) => (result.ok ? result.value : null));
    expect(filed.filter((f) => f?.created)).toHaveLength(1);
    expect(new Set(filed.map((f) => f?.request.id)).size).toBe(1);
    const rows = await db.prisma.request.findMany({
      where: { team: "Acme", purpose: "Refund form" },
    });
    expect(
      rows.filter(
        (row) => (row.workflowStep as { executionId?: string })?.executionId === "Fx0RACE",
      ),
    ).toHaveLength(1);
  });

  it("keeps the step on the row and finds the request by its execution", async () => {
    const [service] = services;
    if (!service) throw new Error("no service");
    const filed = await service.fileStepRequest(step("Fx0FIND"));
    if (!filed.ok) throw new Error(filed.refusal.message);
    const found = await service.findById(filed.value.request.id);
    expect(found?.workflowStep).toEqual({
      executionId: "Fx0FIND",
      workflowExecutionId: "Wx0RUN",
      details: "Refund of a double charge",
    });
  });

  it("queues the step's completion in the transaction that closes the request", async () => {
    const [service] = services;
    if (!service) throw new Error("no service");
    const filed = await service.fileStepRequest(step("Fx0CLOSE"));
    if (!filed.ok) throw new Error(filed.refusal.message);
    const requestId = filed.value.request.id;
    const declined = await service.declineRequest({ requestId, actorId: "U0CHECK", reason: "No" });
    expect(declined.ok).toBe(true);
    const queued = await db.prisma.outboxMessage.findMany({ where: { key: `${requestId}:step` } });
    expect(queued.map((m) => [m.recipient, m.payload])).toEqual([
      ["Fx0CLOSE", { step: { outputs: { status: "declined" } } }],
    ]);
  });
});
