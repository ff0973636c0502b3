import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { cancelRequest } from "../../../src/requests/use-cases/cancel-request.ts";
import {
  NUDGE_COOLDOWN_MS,
  nudgeCheckers,
} from "../../../src/requests/use-cases/nudge-checkers.ts";
import { CHECKER, filed, MAKER, slackSetup } from "./setup.ts";

describe("nudgeCheckers", () => {
  it("lets the maker nudge at once, then once an hour, recorded in the trail", async () => {
    const t = slackSetup();
    const request = await filed(t);
    const nudged = await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER });
    expect(nudged).toMatchObject({ ok: true, value: { waitingOn: [CHECKER] } });
    expect(t.store.events.at(-1)).toMatchObject({
      type: "CHECKER_NUDGED",
      actor: MAKER,
      details: { checkers: [CHECKER] },
    });
    // A nudge changes nothing about the request itself.
    expect((await t.store.findById(request.id))?.version).toBe(0);

    t.clock.advance(35 * 60_000);
    expect(await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER })).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.TOO_SOON",
        message:
          "You already nudged the checkers of #1 35 min ago; you can nudge them again in 25 min.",
      },
    });
    t.clock.advance(NUDGE_COOLDOWN_MS - 35 * 60_000 - 1);
    expect((await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER })).ok).toBe(false);
    t.clock.advance(1);
    expect((await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER })).ok).toBe(true);
  });

  it("refuses anyone but the maker, and requests already decided, with an audit event", async () => {
    const t = slackSetup();
    const request = await filed(t);
    const stranger = await nudgeCheckers(t.ctx, { requestId: request.id, actorId: "U0X" });
    expect(stranger).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.NOT_THE_MAKER",
        message: `Only <@${MAKER}> can nudge the checkers of #1.`,
      },
    });
    await cancelRequest(t.ctx, { requestId: request.id, actorId: MAKER });
    const closed = await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER });
    expect(closed).toMatchObject({ ok: false, refusal: { code: "REQUEST.NOT_PENDING" } });
    expect(t.store.events.filter((event) => event.type === "ATTEMPT_REFUSED")).toHaveLength(2);
  });

  it("reminds only the checkers who have not approved yet", async () => {
    const t = slackSetup();
    const request = await filed(t, {
      actionId: "delete-account",
      params: { account: "acme" },
      checkerIds: ["U0A", "U0B", "U0C"],
    });
    await approveRequest(t.ctx, { requestId: request.id, actorId: "U0B" });
    const nudged = await nudgeCheckers(t.ctx, { requestId: request.id, actorId: MAKER });
    expect(nudged).toMatchObject({ ok: true, value: { waitingOn: ["U0A", "U0C"] } });
    expect(t.store.events.at(-1)).toMatchObject({
      type: "CHECKER_NUDGED",
      fromStatus: "PENDING",
      toStatus: "PENDING",
      details: { checkers: ["U0A", "U0C"] },
    });
  });

  it("counts the cooldown per request, and says so when there is no such request", async () => {
    const t = slackSetup();
    const first = await filed(t);
    const second = await filed(t);
    expect((await nudgeCheckers(t.ctx, { requestId: first.id, actorId: MAKER })).ok).toBe(true);
    expect((await nudgeCheckers(t.ctx, { requestId: second.id, actorId: MAKER })).ok).toBe(true);
    expect(
      t.store.events.filter((e) => e.type === "CHECKER_NUDGED").map((e) => e.requestNumber),
    ).toEqual([1, 2]);
    expect(await nudgeCheckers(t.ctx, { requestId: "nope", actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_FOUND" },
    });
  });
});
