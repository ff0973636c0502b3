import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { expireRequest } from "../../../src/requests/use-cases/expire-request.ts";
import { CHECKER, filed, slackSetup } from "./setup.ts";

describe("expireRequest", () => {
  it("expires a PENDING request as the system", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(await expireRequest(t.ctx, request.id)).toMatchObject({
      ok: true,
      value: { request: { status: "EXPIRED", decidedBy: "system" }, event: { actor: "system" } },
    });
  });

  it("leaves a decided request as it is, saying so", async () => {
    const t = slackSetup();
    const request = await filed(t);
    await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER });
    expect(await expireRequest(t.ctx, request.id)).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.NOT_PENDING",
        message:
          "#1 was already approved by <@U0CHECK> at 2026-03-02 14:00 UTC, so it cannot be expired.",
      },
    });
    expect((await t.store.findById(request.id))?.status).toBe("APPROVED");
    expect(await expireRequest(t.ctx, "nope")).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_FOUND" },
    });
  });
});
