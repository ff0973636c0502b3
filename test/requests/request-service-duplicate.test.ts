import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

const MAKER = "U0MAKER";
const CHECKER = "U0CHECK";
const STRANGER = "U0STRANGER";

describe("duplicating a request: only its maker", () => {
  let store: MemoryRequestStore;
  let service: RequestService;
  let declined: RequestRecord;

  beforeEach(async () => {
    store = new MemoryRequestStore();
    service = new RequestService({
      store,
      actions: testActions().registry,
      clock: new ManualClock("2026-03-02T14:00:00.000Z"),
      directory: slackStyleDirectory(),
      environments: ["production"],
    });
    const created = await service.createRequest({
      actionId: "waive-invoice",
      environment: "production",
      team: "Acme Corp",
      params: { invoice_id: "in_123", card_last4: "4242" },
      purpose: "Double-charged",
      makerId: MAKER,
      checkerIds: [CHECKER],
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const decided = await service.declineRequest({
      requestId: created.value.request.id,
      actorId: CHECKER,
      reason: "Wrong amount",
    });
    if (!decided.ok) throw new Error(decided.refusal.message);
    declined = decided.value.request;
  });

  const NOT_THE_MAKER = {
    ok: false,
    refusal: {
      code: "REQUEST.NOT_THE_MAKER",
      message: `Only <@${MAKER}> can duplicate #1: a copy is filed with their values.`,
    },
  };

  it("refuses anyone else, before the form opens and when it is sent, and records each attempt", async () => {
    expect(await service.checkDuplicate({ requestId: declined.id, actorId: STRANGER })).toEqual(
      NOT_THE_MAKER,
    );
    expect(
      await service.duplicateRequest({
        requestId: declined.id,
        actorId: STRANGER,
        params: { invoice_id: "in_123" },
      }),
    ).toEqual(NOT_THE_MAKER);
    expect(store.requests.size).toBe(1);
    const refused = store.events.filter((event) => event.type === "ATTEMPT_REFUSED");
    expect(refused.map((event) => [event.actor, event.details])).toEqual([
      [STRANGER, { attempted: "duplicate", ...NOT_THE_MAKER.refusal }],
    ]);
    // The second attempt, at sending the form, is the same refusal again: counted, sealed later.
    expect([...store.tallies.values()]).toMatchObject([
      { actor: STRANGER, attempted: "duplicate", code: "REQUEST.NOT_THE_MAKER", repeats: 1 },
    ]);
  });

  it("lets the maker duplicate it, as its maker", async () => {
    expect(await service.checkDuplicate({ requestId: declined.id, actorId: MAKER })).toEqual({
      ok: true,
      value: declined,
    });
    const copy = await service.duplicateRequest({
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
    const pending = await service.duplicateRequest({
      requestId: declined.id,
      actorId: MAKER,
    });
    if (!pending.ok) throw new Error(pending.refusal.message);
    expect(
      await service.checkDuplicate({ requestId: pending.value.request.id, actorId: MAKER }),
    ).toMatchObject({ ok: false, refusal: { code: "REQUEST.NOT_DUPLICABLE" } });
    expect(await service.checkDuplicate({ requestId: "nope", actorId: MAKER })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_FOUND" },
    });
  });
});
