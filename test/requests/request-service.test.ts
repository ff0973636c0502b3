import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { replay } from "../../src/requests/replay.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

// The façade only: each use case is tested at its mirrored path, test/requests/use-cases/.

const MAKER = "U0MAKER";
const CHECKER = "U0CHECK";

function setup() {
  const store = new MemoryRequestStore();
  const service = new RequestService({
    store,
    actions: testActions().registry,
    clock: new ManualClock("2026-03-02T14:00:00.000Z"),
    directory: slackStyleDirectory({ S0MAKERS: ["U0ALLOWED"], S0LEADS: ["U0LEAD"] }),
    environments: ["production", "staging", "dev"],
  });
  return { store, service };
}

const waiver: NewRequestInput = {
  actionId: "waive-invoice",
  environment: "production",
  team: "Acme Corp",
  params: { invoice_id: "in_123", amount: "250" },
  purpose: "Double-charged during the outage",
  makerId: MAKER,
  checkerIds: [CHECKER],
};

async function created(service: RequestService) {
  const result = await service.createRequest(waiver);
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

describe("RequestService", () => {
  it("every request can be rebuilt by replaying its events", async () => {
    const t = setup();
    const a = await created(t.service);
    const b = await created(t.service);
    await t.service.approveRequest({ requestId: a.id, actorId: "U0STRANGER" });
    await t.service.approveRequest({ requestId: a.id, actorId: CHECKER });
    await t.service.executeRequest(a.id);
    await t.service.declineRequest({ requestId: b.id, actorId: CHECKER, reason: "no" });
    for (const request of t.store.requests.values()) {
      const events = t.store.events.filter((e) => e.requestId === request.id);
      expect(replay(events)).toEqual(request);
    }
  });

  it("reads requests by id and number, their story, and those approved but not started", async () => {
    const t = setup();
    const first = await created(t.service);
    const second = await created(t.service);
    await t.service.declineRequest({ requestId: first.id, actorId: CHECKER, reason: "no" });
    await t.service.approveRequest({ requestId: second.id, actorId: CHECKER });
    const copy = await t.service.duplicateRequest({ requestId: first.id, actorId: MAKER });
    if (!copy.ok) throw new Error(copy.refusal.message);

    expect((await t.service.findById(second.id))?.number).toBe(2);
    expect((await t.service.findByNumber(1))?.id).toBe(first.id);
    expect(await t.service.findByNumber(9)).toBeNull();
    expect((await t.service.approvedNotStarted()).map((r) => r.id)).toEqual([second.id]);

    // A duplicate's story is its original's: one correlation, both requests' events.
    const story = await t.service.storyOf(copy.value.request.id);
    expect(story?.request.id).toBe(copy.value.request.id);
    expect(story?.events.map((e) => [e.requestNumber, e.type])).toEqual([
      [1, "REQUEST_CREATED"],
      [1, "REQUEST_DECLINED"],
      [3, "REQUEST_CREATED"],
    ]);
    expect(await t.service.storyOf("nope")).toBeNull();
  });
});
