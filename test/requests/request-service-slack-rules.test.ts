import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { NUDGE_COOLDOWN_MS } from "../../src/requests/use-cases/nudge-checkers.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

const MAKER = "U0MAKER";
const CHECKER = "U0CHECK";

function setup() {
  const store = new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const service = new RequestService({
    store,
    actions: testActions().registry,
    clock,
    directory: slackStyleDirectory(
      { S0MAKERS: ["U0ALLOWED"] },
      { U0BOT: "bot", U0GONE: "deactivated", U0WHO: "unknown" },
    ),
    environments: ["production"],
  });
  return { store, clock, service };
}

const waiver = (overrides: Partial<NewRequestInput> = {}): NewRequestInput => ({
  actionId: "waive-invoice",
  environment: "production",
  team: "Acme",
  params: { invoice_id: "in_1" },
  purpose: "Double-charged",
  makerId: MAKER,
  checkerIds: [CHECKER],
  ...overrides,
});

async function created(service: RequestService) {
  const result = await service.createRequest(waiver());
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

describe("checkers who cannot decide", () => {
  it.each([
    ["U0BOT", "is a bot, and only a person can check a request"],
    ["U0GONE", "is deactivated"],
    ["U0WHO", "is not a member of this workspace"],
  ])("refuses %s under the checker field, without an audit event", async (checker, why) => {
    const { service, store } = setup();
    const result = await service.createRequest(waiver({ checkerIds: [checker] }));
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_UNAVAILABLE",
        message: `<@${checker}> ${why}: choose someone who can decide.`,
        fields: { checkers: `<@${checker}> ${why}.` },
      },
    });
    expect(store.events).toEqual([]);
  });
});

describe("nudging the checkers", () => {
  it("lets the maker nudge at once, then once an hour, recorded in the trail", async () => {
    const { service, clock, store } = setup();
    const request = await created(service);
    const nudged = await service.nudgeCheckers({ requestId: request.id, actorId: MAKER });
    expect(nudged).toMatchObject({ ok: true, value: { waitingOn: [CHECKER] } });
    expect(store.events.at(-1)).toMatchObject({
      type: "CHECKER_NUDGED",
      actor: MAKER,
      details: { checkers: [CHECKER] },
    });
    // A nudge changes nothing about the request itself.
    expect((await service.findById(request.id))?.version).toBe(0);

    clock.advance(NUDGE_COOLDOWN_MS - 1);
    expect(await service.nudgeCheckers({ requestId: request.id, actorId: MAKER })).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.TOO_SOON",
        message:
          "You already nudged the checkers of #1 at 2026-03-02 14:00 UTC; you can nudge them again after 2026-03-02 15:00 UTC.",
      },
    });
    clock.advance(1);
    expect((await service.nudgeCheckers({ requestId: request.id, actorId: MAKER })).ok).toBe(true);
  });

  it("refuses anyone but the maker, and requests already decided, with an audit event", async () => {
    const { service, store } = setup();
    const request = await created(service);
    const stranger = await service.nudgeCheckers({ requestId: request.id, actorId: "U0X" });
    expect(stranger).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.NOT_THE_MAKER",
        message: `Only <@${MAKER}> can nudge the checkers of #1.`,
      },
    });
    await service.cancelRequest({ requestId: request.id, actorId: MAKER });
    const closed = await service.nudgeCheckers({ requestId: request.id, actorId: MAKER });
    expect(closed).toMatchObject({ ok: false, refusal: { code: "REQUEST.NOT_PENDING" } });
    expect(store.events.filter((event) => event.type === "ATTEMPT_REFUSED")).toHaveLength(2);
  });
});

describe("checking a decision before asking for a reason", () => {
  it("admits the checker and refuses a stranger without changing the request", async () => {
    const { service, store } = setup();
    const request = await created(service);
    expect(await service.checkDecision({ requestId: request.id, actorId: CHECKER })).toMatchObject({
      ok: true,
      value: { id: request.id, status: "PENDING" },
    });
    expect(await service.checkDecision({ requestId: request.id, actorId: "U0X" })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_A_CHECKER", message: `Only <@${CHECKER}> can decide on #1.` },
    });
    expect(store.events.map((event) => event.type)).toEqual(["REQUEST_CREATED", "ATTEMPT_REFUSED"]);
  });
});

describe("what a maker may request", () => {
  it("leaves out actions whose maker allow-list does not admit them", async () => {
    const { service } = setup();
    const ids = async (user: string) =>
      (await service.requestableActions(user)).map((action) => action.id);
    expect(await ids(MAKER)).toEqual(["waive-invoice", "delete-account"]);
    expect(await ids("U0ALLOWED")).toEqual(["waive-invoice", "delete-account", "restricted"]);
  });
});
