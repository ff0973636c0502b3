import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { executeRequest } from "../../../src/requests/use-cases/execute-request.ts";
import { CHECKER, filed, slackSetup } from "./setup.ts";

const INVOICE = { params: { invoice_id: "in_123", amount: "250" } };

describe("executeRequest", () => {
  it("approve → execute → FINISHED, with the result stored and one run", async () => {
    const t = slackSetup();
    const request = await filed(t, INVOICE);
    t.clock.advance(120_000);
    const approval = await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER });
    expect(approval).toMatchObject({
      ok: true,
      value: { approved: true, request: { status: "APPROVED" } },
    });

    const executed = await executeRequest(t.ctx, request.id);
    expect(executed).toMatchObject({
      ok: true,
      value: { status: "FINISHED", result: { waived: "in_123" }, decidedBy: CHECKER },
    });
    expect(t.runs).toHaveLength(1);
    expect(t.store.events.map((e) => e.type)).toEqual([
      "REQUEST_CREATED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
    // Each event names the one that led to it.
    const [createdEvent, approved, started, finished] = t.store.events;
    expect(approved?.causationId).toBe(createdEvent?.id);
    expect(started?.causationId).toBe(approved?.id);
    expect(finished?.causationId).toBe(started?.id);
  });

  it("a failing executor ends FAILED with its error; a throwing one too", async () => {
    let t = slackSetup({
      behaviour: async () => ({ ok: false, error: "Webhook answered 500 Internal Server Error" }),
    });
    const request = await filed(t, INVOICE);
    await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER });
    expect(await executeRequest(t.ctx, request.id)).toMatchObject({
      ok: true,
      value: { status: "FAILED", error: "Webhook answered 500 Internal Server Error" },
    });

    t = slackSetup({
      behaviour: async () => {
        throw new Error("boom");
      },
    });
    const other = await filed(t, INVOICE);
    await approveRequest(t.ctx, { requestId: other.id, actorId: CHECKER });
    expect(await executeRequest(t.ctx, other.id)).toMatchObject({
      ok: true,
      value: { status: "FAILED", error: "The action failed: boom" },
    });
  });
});
