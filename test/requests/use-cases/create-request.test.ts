import { describe, expect, it } from "vitest";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import { CHECKER, filed, MAKER, slackSetup, waiver } from "./setup.ts";

describe("createRequest", () => {
  it("stores a PENDING request with a human number and normalised params", async () => {
    const t = slackSetup();
    const invoice = { params: { invoice_id: "in_123", amount: "250" } };
    const first = await filed(t, invoice);
    const second = await filed(t, invoice);
    expect(first).toMatchObject({
      number: 1,
      status: "PENDING",
      actionId: "waive-invoice",
      params: { invoice_id: "in_123", amount: 250 },
      makerId: MAKER,
      checkerIds: [CHECKER],
      approvalsRequired: 1,
      correlationId: first.id,
      createdAt: new Date("2026-03-02T14:00:00.000Z"),
    });
    expect(second.number).toBe(2);
    expect(t.store.events.map((e) => [e.type, e.actor, e.toStatus])).toEqual([
      ["REQUEST_CREATED", MAKER, "PENDING"],
      ["REQUEST_CREATED", MAKER, "PENDING"],
    ]);
  });

  it("refuses an unknown action with the list of known ones", async () => {
    const t = slackSetup();
    const result = await createRequest(t.ctx, waiver({ actionId: "nope" }), null);
    expect(result).toMatchObject({ ok: false, refusal: { code: "ACTION.UNKNOWN" } });
    if (!result.ok) expect(result.refusal.message).toContain("waive-invoice");
  });
});
