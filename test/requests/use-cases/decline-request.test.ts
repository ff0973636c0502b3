import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../src/requests/field-limits.ts";
import { declineRequest } from "../../../src/requests/use-cases/decline-request.ts";
import { CHECKER, filed, slackSetup } from "./setup.ts";

describe("declineRequest", () => {
  it("needs a reason and records it", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(
      await declineRequest(t.ctx, { requestId: request.id, actorId: CHECKER, reason: "  " }),
    ).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.REASON_REQUIRED", fields: { reason: "A reason is required." } },
    });
    const declined = await declineRequest(t.ctx, {
      requestId: request.id,
      actorId: CHECKER,
      reason: "Not our error",
    });
    expect(declined).toMatchObject({
      ok: true,
      value: {
        request: { status: "DECLINED", decisionReason: "Not our error", decidedBy: CHECKER },
      },
    });
    expect(t.runs).toHaveLength(0);
  });

  it("refuses a reason too long to read, as a form slip: no audit event, still pending", async () => {
    const t = slackSetup();
    const request = await filed(t);
    const reason = "x".repeat(LIMITS.reason + 1);
    expect(
      await declineRequest(t.ctx, { requestId: request.id, actorId: CHECKER, reason }),
    ).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.INVALID",
        message: "The reason is too long.",
        fields: { reason: `Keep it under ${LIMITS.reason} characters.` },
      },
    });
    expect(t.store.events.map((e) => e.type)).toEqual(["REQUEST_CREATED"]);
    expect((await t.store.findById(request.id))?.status).toBe("PENDING");
  });
});
