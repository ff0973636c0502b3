import { describe, expect, it } from "vitest";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import { MAKER, slackSetup, waiver } from "./setup.ts";

// Validation is observed where a maker meets it: filing a request, which also decides whether a
// refusal is worth an audit event.
describe("validateNewRequest", () => {
  it("refuses the maker as their own checker, and records the attempt", async () => {
    const t = slackSetup();
    const result = await createRequest(t.ctx, waiver({ checkerIds: [MAKER] }), null);
    expect(result).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.SELF_APPROVAL",
        fields: { checkers: "You cannot check your own request." },
      },
    });
    expect(t.store.requests.size).toBe(0);
    expect(t.store.events).toMatchObject([
      {
        type: "ATTEMPT_REFUSED",
        actor: MAKER,
        requestId: null,
        details: { code: "REQUEST.SELF_APPROVAL" },
      },
    ]);
  });

  it("lists every invalid field at once, keyed by field", async () => {
    const t = slackSetup();
    const result = await createRequest(
      t.ctx,
      waiver({
        params: { invoice_id: "inv-9", amount: "20000" },
        environment: "qa",
        team: " ",
        purpose: "",
      }),
      null,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe("REQUEST.INVALID");
    expect(Object.keys(result.refusal.fields ?? {}).sort()).toEqual(
      ["amount", "environment", "invoice_id", "purpose", "team"].sort(),
    );
    expect(result.refusal.fields?.environment).toBe(
      '"Waive invoice" runs only in: Production, Staging.',
    );
    // Typos are not audit-worthy; nothing was written.
    expect(t.store.events).toHaveLength(0);
  });

  it("enforces the maker allow-list", async () => {
    const t = slackSetup();
    const notAllowed = await createRequest(
      t.ctx,
      waiver({ actionId: "restricted", params: {}, checkerIds: ["U0BOSS"] }),
      null,
    );
    expect(notAllowed).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.MAKER_NOT_ALLOWED",
        message: 'You are not allowed to request "Restricted": only <!subteam^S0MAKERS> may.',
      },
    });
  });
});
