import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { cancelRequest } from "../../../src/requests/use-cases/cancel-request.ts";
import { CHECKER, filed, MAKER, slackSetup } from "./setup.ts";

describe("cancelRequest", () => {
  it("only the maker cancels, only while PENDING; then approve is refused", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(await cancelRequest(t.ctx, { requestId: request.id, actorId: CHECKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_THE_MAKER", message: "Only <@U0MAKER> can cancel #1." },
    });
    expect(
      await cancelRequest(t.ctx, {
        requestId: request.id,
        actorId: MAKER,
        reason: "wrong invoice",
      }),
    ).toMatchObject({
      ok: true,
      value: { request: { status: "CANCELLED", decisionReason: "wrong invoice" } },
    });
    expect(await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER })).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.NOT_PENDING",
        message: expect.stringContaining("#1 was already cancelled by <@U0MAKER>"),
      },
    });
    expect(await cancelRequest(t.ctx, { requestId: request.id, actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_PENDING" },
    });
  });

  it("records the maker's cancellation, without a reason when none was given", async () => {
    const t = slackSetup();
    const request = await filed(t);
    await cancelRequest(t.ctx, { requestId: request.id, actorId: MAKER, reason: "   " });
    expect(t.store.events.at(-1)).toMatchObject({
      type: "REQUEST_CANCELLED",
      actor: MAKER,
      fromStatus: "PENDING",
      toStatus: "CANCELLED",
      details: { reason: null },
    });
  });
});
