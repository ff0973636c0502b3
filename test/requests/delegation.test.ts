import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { DelegationService } from "../../src/requests/delegation-service.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { replay } from "../../src/requests/replay.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { testActions } from "../support/actions.ts";
import { MemoryDelegationStore } from "../support/memory-delegation-store.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

const MAKER = "U0MAKER";
const AWAY = "U0AWAY";
const DELEGATE = "U0DELEG";
const HOUR = 60 * 60_000;

function setup() {
  const store = new MemoryRequestStore();
  const delegations = new MemoryDelegationStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const directory = staticDirectory(
    { S0LEADS: ["U0LEAD", AWAY], S0MAKERS: ["U0ALLOWED"] },
    { U0BOT: "bot", U0GONE: "deactivated" },
  );
  const requests = new RequestService({
    store,
    actions: testActions().registry,
    clock,
    directory,
    delegations,
    environments: ["production"],
  });
  const service = new DelegationService({ store: delegations, requests, directory, clock });
  return { store, delegations, clock, requests, service };
}

const waiver = (overrides: Partial<NewRequestInput> = {}): NewRequestInput => ({
  actionId: "waive-invoice",
  environment: "production",
  team: "Acme",
  params: { invoice_id: "in_1" },
  purpose: "Double-charged",
  makerId: MAKER,
  checkerIds: [AWAY],
  ...overrides,
});

async function away(t: ReturnType<typeof setup>, delegateId = DELEGATE, hours = 72) {
  const set = await t.service.setDelegation({
    checkerId: AWAY,
    delegateId,
    startsAt: null,
    endsAt: new Date(t.clock.now().getTime() + hours * HOUR),
  });
  if (!set.ok) throw new Error(set.refusal.message);
  return set.value;
}

describe("delegation", () => {
  it("routes a new request to the delegate, who decides on the checker's behalf", async () => {
    const t = setup();
    await away(t);
    const created = await t.requests.createRequest(waiver());
    if (!created.ok) throw new Error(created.refusal.message);
    const request = created.value.request;
    expect(request.checkerIds).toEqual([DELEGATE]);
    expect(request.onBehalfOf).toEqual({ [DELEGATE]: AWAY });

    expect(await t.requests.approveRequest({ requestId: request.id, actorId: AWAY })).toMatchObject(
      { ok: false, refusal: { code: "REQUEST.NOT_A_CHECKER" } },
    );
    const approved = await t.requests.approveRequest({ requestId: request.id, actorId: DELEGATE });
    expect(approved.ok && approved.value.event.details).toMatchObject({ onBehalfOf: AWAY });
    const events = t.store.events.filter((e) => e.requestId === request.id);
    expect(replay(events)).toEqual(t.store.requests.get(request.id));
  });

  it("records setting and ending it in the audit trail; new requests go to the checker again", async () => {
    const t = setup();
    const { delegation } = await away(t);
    expect(t.delegations.events.map((e) => [e.type, e.actor, e.details])).toEqual([
      [
        "DELEGATION_SET",
        AWAY,
        {
          delegation: delegation.id,
          delegate: DELEGATE,
          startsAt: "2026-03-02T14:00:00.000Z",
          endsAt: "2026-03-05T14:00:00.000Z",
        },
      ],
    ]);
    expect(await t.service.endDelegation(AWAY)).toMatchObject({ ok: true });
    expect(t.delegations.events.at(-1)).toMatchObject({
      type: "DELEGATION_ENDED",
      details: { how: "ended early" },
    });
    const created = await t.requests.createRequest(waiver());
    expect(created.ok && created.value.request.checkerIds).toEqual([AWAY]);
    expect(await t.service.endDelegation(AWAY)).toMatchObject({
      ok: false,
      refusal: { code: "DELEGATION.NONE" },
    });
  });

  it("re-routes pending requests when it starts, except those the delegate cannot check", async () => {
    const t = setup();
    const plain = await t.requests.createRequest(waiver());
    const byDelegate = await t.requests.createRequest(waiver({ makerId: DELEGATE }));
    const both = await t.requests.createRequest(
      waiver({
        actionId: "delete-account",
        params: { account: "a" },
        checkerIds: [AWAY, DELEGATE],
      }),
    );
    if (!plain.ok || !byDelegate.ok || !both.ok) throw new Error("not created");

    const starts = new Date(t.clock.now().getTime() + HOUR);
    const set = await t.service.setDelegation({
      checkerId: AWAY,
      delegateId: DELEGATE,
      startsAt: starts,
      endsAt: new Date(starts.getTime() + 24 * HOUR),
    });
    expect(set.ok && set.value.report).toBeNull();
    expect(t.store.requests.get(plain.value.request.id)?.checkerIds).toEqual([AWAY]);

    t.clock.advance(HOUR);
    expect(await t.service.activateStarted()).toBe(1);
    expect(t.store.requests.get(plain.value.request.id)).toMatchObject({
      checkerIds: [DELEGATE],
      onBehalfOf: { [DELEGATE]: AWAY },
    });
    expect(t.store.requests.get(byDelegate.value.request.id)?.checkerIds).toEqual([AWAY]);
    expect(t.store.requests.get(both.value.request.id)?.checkerIds).toEqual([AWAY, DELEGATE]);
    const rerouted = t.store.events.filter((e) => e.type === "CHECKER_REROUTED");
    expect(rerouted.map((e) => [e.requestNumber, e.actor, e.details.from, e.details.to])).toEqual([
      [plain.value.request.number, AWAY, AWAY, DELEGATE],
    ]);
    // Once is enough: it is marked activated.
    expect(await t.service.activateStarted()).toBe(0);
  });

  it("reports what it re-routed at once and what stayed, saying why", async () => {
    const t = setup();
    const mine = await t.requests.createRequest(waiver({ makerId: DELEGATE }));
    await t.requests.createRequest(waiver());
    if (!mine.ok) throw new Error("not created");
    const { report } = await away(t);
    expect(report?.rerouted).toHaveLength(1);
    expect(report?.kept.map((k) => [k.request.number, k.code, k.delegateId])).toEqual([
      [mine.value.request.number, "DELEGATE_MADE_IT", DELEGATE],
    ]);
  });

  it("never makes the maker the checker of their own request", async () => {
    const t = setup();
    await away(t, MAKER);
    const refused = await t.requests.createRequest(waiver());
    expect(refused).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_UNAVAILABLE",
        fields: {
          checkers:
            "U0AWAY is away until 2026-03-05 14:00 UTC and their requests go to you; you cannot check your own request: choose someone else.",
        },
      },
    });
    expect(t.store.requests.size).toBe(0);
  });

  it("keeps the allow-list: a delegate outside it is refused, naming why", async () => {
    const t = setup();
    await away(t);
    const refused = await t.requests.createRequest(
      waiver({ actionId: "restricted", params: {}, makerId: "U0ALLOWED" }),
    );
    expect(refused).toMatchObject({
      refusal: {
        fields: {
          checkers:
            "U0AWAY is away until 2026-03-05 14:00 UTC; their delegate U0DELEG may not check this: choose someone else.",
        },
      },
    });
  });

  it("refuses a bad delegation with a message per field", async () => {
    const t = setup();
    const set = (delegateId: string, endsAt: Date | null, startsAt: Date | null = null) =>
      t.service.setDelegation({ checkerId: AWAY, delegateId, startsAt, endsAt });
    const later = new Date("2026-03-03T14:00:00.000Z");
    expect(await set("", null)).toMatchObject({
      refusal: {
        code: "DELEGATION.INVALID",
        fields: {
          delegate: "Choose who decides while you are away.",
          endsAt: "Say when you are back.",
        },
      },
    });
    expect(await set(AWAY, later)).toMatchObject({
      refusal: { fields: { delegate: "Choose someone other than yourself." } },
    });
    expect(await set("U0BOT", later)).toMatchObject({
      refusal: { fields: { delegate: "U0BOT is a bot: choose a person." } },
    });
    expect(await set(DELEGATE, new Date("2026-03-02T13:00:00.000Z"))).toMatchObject({
      refusal: { fields: { endsAt: "Choose a time after you leave." } },
    });
    expect(await set(DELEGATE, new Date("2026-07-01T00:00:00.000Z"))).toMatchObject({
      refusal: { fields: { endsAt: "At most 90 days: set a new delegation after that." } },
    });
    await t.service.setDelegation({
      checkerId: DELEGATE,
      delegateId: "U0LEAD",
      startsAt: null,
      endsAt: later,
    });
    expect(await set(DELEGATE, later)).toMatchObject({
      refusal: {
        fields: {
          delegate: "U0DELEG is away themselves until 2026-03-03 14:00 UTC: choose someone else.",
        },
      },
    });
    expect(t.delegations.delegations.filter((d) => d.checkerId === AWAY)).toHaveLength(0);
  });

  it("a new delegation replaces the current one", async () => {
    const t = setup();
    await away(t);
    await away(t, "U0LEAD");
    expect(t.delegations.events.map((e) => [e.type, e.details.how ?? null])).toEqual([
      ["DELEGATION_SET", null],
      ["DELEGATION_ENDED", "replaced"],
      ["DELEGATION_SET", null],
    ]);
    expect((await t.service.currentOf(AWAY))?.delegateId).toBe("U0LEAD");
  });
});
