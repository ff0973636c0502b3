import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { DEFAULT_LIMITS, type RequestLimits } from "../../src/requests/limits.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

const MAKER = "U0MAKER";
const PEOPLE = ["U0A", "U0B", "U0C", "U0D", "U0E"];
const ONCALL = ["U0ON1", "U0ON2", "U0ON3", "U0ON4"];
const MINUTE = 60_000;

function setup(limits: Partial<RequestLimits> = {}) {
  const execute = async () => ({ ok: true as const, result: null });
  const registry = new ActionRegistry([
    defineAction({ id: "waiver", title: "Waiver", description: "", params: [], execute }),
    defineAction({
      id: "quorum",
      title: "Quorum",
      description: "Four people must agree",
      approvals: 4,
      params: [],
      execute,
    }),
    defineAction({
      id: "restart",
      title: "Restart",
      description: "On-call reviews an emergency restart",
      checkers: ["S0ONCALL"],
      breakGlass: true,
      params: [],
      execute,
    }),
  ]);
  const store = new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const service = new RequestService({
    store,
    actions: registry,
    clock,
    directory: staticDirectory({ S0ONCALL: ONCALL }),
    environments: ["production"],
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  return { store, clock, service };
}

const request = (overrides: Partial<NewRequestInput> = {}): NewRequestInput => ({
  actionId: "waiver",
  environment: "production",
  team: "Acme",
  params: {},
  purpose: "Double-charged",
  makerId: MAKER,
  checkerIds: ["U0A"],
  ...overrides,
});

describe("checkers per request (MAX_CHECKERS)", () => {
  it("refuses more checkers than the cap under the checkers field; the cap itself is fine", async () => {
    const t = setup({ maxCheckers: 3 });
    const tooMany = await t.service.createRequest(request({ checkerIds: PEOPLE.slice(0, 4) }));
    expect(tooMany).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.INVALID",
        message: "Some fields need another look.",
        fields: { checkers: "Choose at most 3 checkers (you chose 4)." },
      },
    });
    // The same person twice is one checker.
    const atCap = await t.service.createRequest(
      request({ checkerIds: [...PEOPLE.slice(0, 3), "U0A"] }),
    );
    expect(atCap.ok && atCap.value.request.checkerIds).toEqual(PEOPLE.slice(0, 3));
  });

  it("an action needing more approvals than the cap may name as many checkers as it needs", async () => {
    const t = setup({ maxCheckers: 3 });
    const enough = await t.service.createRequest(
      request({ actionId: "quorum", checkerIds: PEOPLE.slice(0, 4) }),
    );
    expect(enough.ok).toBe(true);
    const more = await t.service.createRequest(request({ actionId: "quorum", checkerIds: PEOPLE }));
    expect(!more.ok && more.refusal.fields).toEqual({
      checkers: "Choose at most 4 checkers (you chose 5).",
    });
  });

  it("break glass: the maker names at most the cap of reviewers; the designated ones come on top", async () => {
    const t = setup({ maxCheckers: 2 });
    const breakGlass = { reason: "Invoices stuck" };
    const named = await t.service.createRequest(
      request({ actionId: "restart", checkerIds: ["U0ON3", "U0ON1"], breakGlass }),
    );
    expect(named.ok && named.value.request.checkerIds).toEqual([
      "U0ON3",
      "U0ON1",
      "U0ON2",
      "U0ON4",
    ]);
    const tooMany = await t.service.createRequest(
      request({ actionId: "restart", checkerIds: ONCALL.slice(0, 3), breakGlass }),
    );
    expect(!tooMany.ok && tooMany.refusal.fields).toEqual({
      checkers: "Choose at most 2 reviewers (you chose 3).",
    });
    expect(t.store.requests.size).toBe(1);
  });
});

describe("new requests per maker (REQUEST_RATE_LIMIT)", () => {
  const rate = { requestRate: { count: 3, windowMs: 10 * MINUTE } };

  it("refuses the one over the limit, saying how many and when trying again works", async () => {
    const t = setup(rate);
    for (const at of ["14:00:00", "14:02:30", "14:04:10"]) {
      t.clock.set(`2026-03-02T${at}.000Z`);
      expect((await t.service.createRequest(request())).ok).toBe(true);
    }
    t.clock.set("2026-03-02T14:09:59.000Z");
    expect(await t.service.createRequest(request())).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.RATE_LIMITED",
        message:
          "You have filed 3 requests in the last 10 minutes; try again in less than a minute (at 2026-03-02 14:10 UTC).",
      },
    });
    // Someone else is not held up by this maker.
    expect((await t.service.createRequest(request({ makerId: "U0OTHER" }))).ok).toBe(true);
    // At the time given it works; the next one waits for the 14:02:30 request, rounded up.
    t.clock.set("2026-03-02T14:10:00.000Z");
    expect((await t.service.createRequest(request())).ok).toBe(true);
    const next = await t.service.createRequest(request());
    expect(!next.ok && next.refusal.message).toBe(
      "You have filed 3 requests in the last 10 minutes; try again in 3 min (at 2026-03-02 14:13 UTC).",
    );
    t.clock.set("2026-03-02T14:12:30.000Z");
    expect((await t.service.createRequest(request())).ok).toBe(true);
  });

  it("counts duplicates too, and records refused filings in the trail once per window", async () => {
    const t = setup(rate);
    const first = await t.service.createRequest(request());
    if (!first.ok) throw new Error(first.refusal.message);
    await t.service.cancelRequest({ requestId: first.value.request.id, actorId: MAKER });
    for (let i = 0; i < 2; i++) expect((await t.service.createRequest(request())).ok).toBe(true);
    const duplicate = await t.service.duplicateRequest({
      requestId: first.value.request.id,
      actorId: MAKER,
    });
    expect(!duplicate.ok && duplicate.refusal.code).toBe("REQUEST.RATE_LIMITED");
    for (let i = 0; i < 3; i++) await t.service.createRequest(request());
    const refused = t.store.events.filter((event) => event.type === "ATTEMPT_REFUSED");
    expect(
      refused.map((event) => [event.actor, event.details.attempted, event.details.code]),
    ).toEqual([
      [MAKER, "duplicate", "REQUEST.RATE_LIMITED"],
      [MAKER, "create", "REQUEST.RATE_LIMITED"],
    ]);
  });
});
