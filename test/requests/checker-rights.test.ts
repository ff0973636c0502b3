import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { DelegationService } from "../../src/requests/delegation-service.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { MemoryDelegationStore } from "../support/memory-delegation-store.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

const MAKER = "U0MAKER";
const LEAD = "U0LEAD";
const LEAD2 = "U0LEAD2";
const DELEGATE = "U0DELEG";

const execute = async () => ({ ok: true as const, result: null });
const actions = new ActionRegistry([
  defineAction({
    id: "restart",
    title: "Restart",
    description: "Only leads may check; may be run by breaking the glass",
    environments: ["production", "staging"],
    checkers: ["S0LEADS"],
    rules: { staging: { checkers: ["S0LEADS", "U0BOSS"] } },
    breakGlass: true,
    params: [],
    execute,
  }),
]);

function setup() {
  // The directory reads this at every question: editing it is someone changing the group.
  const groups: Record<string, string[]> = { S0LEADS: [LEAD, LEAD2, DELEGATE] };
  const store = new MemoryRequestStore();
  const delegations = new MemoryDelegationStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const directory = slackStyleDirectory(groups);
  const service = new RequestService({
    store,
    actions,
    clock,
    directory,
    delegations,
    environments: ["production"],
  });
  const delegation = new DelegationService({
    store: delegations,
    requests: service,
    directory,
    clock,
  });
  return { groups, store, service, delegation, clock };
}

async function filed(t: ReturnType<typeof setup>, overrides: Partial<NewRequestInput> = {}) {
  const result = await t.service.createRequest({
    actionId: "restart",
    environment: "production",
    team: "Payments",
    params: {},
    purpose: "Memory leak",
    makerId: MAKER,
    checkerIds: [LEAD],
    ...overrides,
  });
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

const refusedAttempts = (store: MemoryRequestStore) =>
  store.events
    .filter((event) => event.type === "ATTEMPT_REFUSED")
    .map((event) => [event.actor, event.details.attempted, event.details.code]);

describe("the checker allow-list is asked again when a right is used", () => {
  it("a checker removed from the group after filing can no longer approve or decline", async () => {
    const t = setup();
    const request = await filed(t);
    t.groups.S0LEADS = [LEAD2];
    const approve = await t.service.approveRequest({ requestId: request.id, actorId: LEAD });
    expect(approve).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_NOT_ALLOWED",
        message: `You can no longer decide on #${request.number}: checkers of "Restart" requests must be <!subteam^S0LEADS>, and you are not one now.`,
      },
    });
    const declineForm = await t.service.checkDecision({ requestId: request.id, actorId: LEAD });
    expect(declineForm).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.CHECKER_NOT_ALLOWED" },
    });
    const decline = await t.service.declineRequest({
      requestId: request.id,
      actorId: LEAD,
      reason: "No",
    });
    expect(decline).toMatchObject({ ok: false, refusal: { code: "REQUEST.CHECKER_NOT_ALLOWED" } });
    expect(refusedAttempts(t.store)).toEqual([
      [LEAD, "approve", "REQUEST.CHECKER_NOT_ALLOWED"],
      [LEAD, "decline", "REQUEST.CHECKER_NOT_ALLOWED"],
    ]);
    // Declining after the decline form was refused is the same refusal again: counted.
    expect([...t.store.tallies.values()]).toMatchObject([
      { actor: LEAD, attempted: "approve", code: "REQUEST.CHECKER_NOT_ALLOWED", repeats: 0 },
      { actor: LEAD, attempted: "decline", code: "REQUEST.CHECKER_NOT_ALLOWED", repeats: 1 },
    ]);
    expect((await t.service.findById(request.id))?.status).toBe("PENDING");

    // Back in the group, they decide as before.
    t.groups.S0LEADS = [LEAD, LEAD2];
    const again = await t.service.approveRequest({ requestId: request.id, actorId: LEAD });
    expect(again.ok && again.value.approved).toBe(true);
  });

  it("names the environment's own allow-list", async () => {
    const t = setup();
    const request = await filed(t, { environment: "staging" });
    t.groups.S0LEADS = [];
    const approve = await t.service.approveRequest({ requestId: request.id, actorId: LEAD });
    expect(!approve.ok && approve.refusal.message).toBe(
      `You can no longer decide on #${request.number}: checkers of "Restart" requests in staging must be <!subteam^S0LEADS> or <@U0BOSS>, and you are not one now.`,
    );
  });

  it("a delegate is held to the same list", async () => {
    const t = setup();
    const set = await t.delegation.setDelegation({
      checkerId: LEAD,
      delegateId: DELEGATE,
      startsAt: null,
      endsAt: new Date(t.clock.now().getTime() + 24 * 60 * 60_000),
    });
    if (!set.ok) throw new Error(set.refusal.message);
    const request = await filed(t);
    expect(request.checkerIds).toEqual([DELEGATE]);
    t.groups.S0LEADS = [LEAD, LEAD2];
    const approve = await t.service.approveRequest({ requestId: request.id, actorId: DELEGATE });
    expect(approve).toMatchObject({ ok: false, refusal: { code: "REQUEST.CHECKER_NOT_ALLOWED" } });
  });

  it("a designated reviewer removed from the group can no longer review a break-glass use", async () => {
    const t = setup();
    const request = await filed(t, { checkerIds: [], breakGlass: { reason: "Outage" } });
    expect(request.checkerIds).toEqual([LEAD, LEAD2, DELEGATE]);
    t.groups.S0LEADS = [LEAD2];
    const review = { requestId: request.id, actorId: LEAD, verdict: "ACKNOWLEDGED" as const };
    expect(await t.service.reviewBreakGlass(review)).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_NOT_ALLOWED",
        message: `You can no longer review #${request.number}: checkers of "Restart" requests must be <!subteam^S0LEADS>, and you are not one now.`,
      },
    });
    expect(await t.service.checkReview({ requestId: request.id, actorId: LEAD })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.CHECKER_NOT_ALLOWED" },
    });
    expect((await t.service.reviewBreakGlass({ ...review, actorId: LEAD2 })).ok).toBe(true);
  });
});
