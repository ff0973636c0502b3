import { beforeEach, describe, expect, it } from "vitest";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { declineRequest } from "../../../src/requests/use-cases/decline-request.ts";
import {
  checkDuplicate,
  duplicateRequest,
} from "../../../src/requests/use-cases/duplicate-request.ts";
import { CHECKER, filed, MAKER, slackSetup, value } from "./setup.ts";

const STRANGER = "U0STRANGER";

describe("duplicateRequest", () => {
  it("duplicates a declined request into a linked PENDING one, never a pending one", async () => {
    const t = slackSetup();
    const request = await filed(t, { params: { invoice_id: "in_123", amount: "250" } });
    expect(await duplicateRequest(t.ctx, { requestId: request.id, actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_DUPLICABLE" },
    });
    await declineRequest(t.ctx, {
      requestId: request.id,
      actorId: CHECKER,
      reason: "Wrong amount",
    });
    const copy = await duplicateRequest(t.ctx, {
      requestId: request.id,
      actorId: MAKER,
      params: { invoice_id: "in_123", amount: "200" },
    });
    expect(copy).toMatchObject({
      ok: true,
      value: {
        request: {
          number: 2,
          status: "PENDING",
          duplicateOfId: request.id,
          correlationId: request.correlationId,
          params: { invoice_id: "in_123", amount: 200 },
        },
      },
    });
    const story = await t.store
      .findById(request.id)
      .then((r) => t.store.eventsOf(r?.correlationId ?? ""));
    expect(story.map((e) => [e.requestNumber, e.type])).toEqual([
      [1, "REQUEST_CREATED"],
      [1, "ATTEMPT_REFUSED"],
      [1, "REQUEST_DECLINED"],
      [2, "REQUEST_CREATED"],
    ]);
    // The duplicate's creation was caused by the original's last event.
    expect(story[3]?.causationId).toBe(story[2]?.id);
  });
});

describe("duplicating a request: only its maker", () => {
  let t: ReturnType<typeof slackSetup>;
  let declined: RequestRecord;

  beforeEach(async () => {
    t = slackSetup();
    const request = await filed(t, {
      team: "Acme Corp",
      params: { invoice_id: "in_123", card_last4: "4242" },
    });
    declined = value(
      await declineRequest(t.ctx, {
        requestId: request.id,
        actorId: CHECKER,
        reason: "Wrong amount",
      }),
    ).request;
  });

  const NOT_THE_MAKER = {
    ok: false,
    refusal: {
      code: "REQUEST.NOT_THE_MAKER",
      message: `Only <@${MAKER}> can duplicate #1: a copy is filed with their values.`,
    },
  };

  it("refuses anyone else, before the form opens and when it is sent, and records each attempt", async () => {
    expect(await checkDuplicate(t.ctx, { requestId: declined.id, actorId: STRANGER })).toEqual(
      NOT_THE_MAKER,
    );
    expect(
      await duplicateRequest(t.ctx, {
        requestId: declined.id,
        actorId: STRANGER,
        params: { invoice_id: "in_123" },
      }),
    ).toEqual(NOT_THE_MAKER);
    expect(t.store.requests.size).toBe(1);
    const refused = t.store.events.filter((event) => event.type === "ATTEMPT_REFUSED");
    expect(refused.map((event) => [event.actor, event.details])).toEqual([
      [STRANGER, { attempted: "duplicate", ...NOT_THE_MAKER.refusal }],
    ]);
    // The second attempt, at sending the form, is the same refusal again: counted, sealed later.
    expect([...t.store.tallies.values()]).toMatchObject([
      { actor: STRANGER, attempted: "duplicate", code: "REQUEST.NOT_THE_MAKER", repeats: 1 },
    ]);
  });

  it("lets the maker duplicate it, as its maker", async () => {
    expect(await checkDuplicate(t.ctx, { requestId: declined.id, actorId: MAKER })).toEqual({
      ok: true,
      value: declined,
    });
    const copy = await duplicateRequest(t.ctx, {
      requestId: declined.id,
      actorId: MAKER,
      makerId: STRANGER,
    });
    expect(copy).toMatchObject({
      ok: true,
      value: { request: { makerId: MAKER, duplicateOfId: declined.id } },
    });
  });

  it("tells the maker when it cannot be duplicated yet", async () => {
    const pending = value(
      await duplicateRequest(t.ctx, { requestId: declined.id, actorId: MAKER }),
    );
    expect(
      await checkDuplicate(t.ctx, { requestId: pending.request.id, actorId: MAKER }),
    ).toMatchObject({ ok: false, refusal: { code: "REQUEST.NOT_DUPLICABLE" } });
    expect(await checkDuplicate(t.ctx, { requestId: "nope", actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_FOUND" },
    });
  });
});
