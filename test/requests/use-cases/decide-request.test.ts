import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { checkDecision } from "../../../src/requests/use-cases/decide-request.ts";
import { declineRequest } from "../../../src/requests/use-cases/decline-request.ts";
import { CHECKER, filed, MAKER, slackSetup } from "./setup.ts";

describe("decideRequest: the rules every decision shares", () => {
  it("refuses the maker, a stranger, and a second decision — each an audit event", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(await approveRequest(t.ctx, { requestId: request.id, actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.SELF_APPROVAL",
        message: "You made #1, so you cannot approve it: a different person must check it.",
      },
    });
    expect(
      await approveRequest(t.ctx, { requestId: request.id, actorId: "U0STRANGER" }),
    ).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_A_CHECKER", message: "Only <@U0CHECK> can decide on #1." },
    });
    await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER });
    expect(
      await declineRequest(t.ctx, { requestId: request.id, actorId: CHECKER, reason: "oops" }),
    ).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.NOT_PENDING",
        message:
          "#1 was already approved by <@U0CHECK> at 2026-03-02 14:00 UTC, so it cannot be decided on.",
      },
    });
    const refused = t.store.events.filter((e) => e.type === "ATTEMPT_REFUSED");
    expect(refused.map((e) => [e.actor, e.details.code])).toEqual([
      [MAKER, "REQUEST.SELF_APPROVAL"],
      ["U0STRANGER", "REQUEST.NOT_A_CHECKER"],
      [CHECKER, "REQUEST.NOT_PENDING"],
    ]);
    expect((await t.store.findById(request.id))?.status).toBe("APPROVED");
  });
});

describe("checkDecision, before asking for a reason", () => {
  it("admits the checker and refuses a stranger without changing the request", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(await checkDecision(t.ctx, { requestId: request.id, actorId: CHECKER })).toMatchObject({
      ok: true,
      value: { id: request.id, status: "PENDING" },
    });
    expect(await checkDecision(t.ctx, { requestId: request.id, actorId: "U0X" })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_A_CHECKER", message: `Only <@${CHECKER}> can decide on #1.` },
    });
    expect(t.store.events.map((event) => event.type)).toEqual([
      "REQUEST_CREATED",
      "ATTEMPT_REFUSED",
    ]);
  });
});
