import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { replay } from "../../src/requests/replay.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

const MAKER = "U0MAKER";
const CHECKER = "U0CHECK";

function setup(behaviour?: Parameters<typeof testActions>[0]) {
  const store = new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const { registry, runs } = testActions(behaviour);
  const service = new RequestService({
    store,
    actions: registry,
    clock,
    directory: slackStyleDirectory({ S0MAKERS: ["U0ALLOWED"], S0LEADS: ["U0LEAD"] }),
    environments: ["production", "staging", "dev"],
  });
  return { store, clock, service, runs };
}

function waiver(overrides: Partial<NewRequestInput> = {}): NewRequestInput {
  return {
    actionId: "waive-invoice",
    environment: "production",
    team: "Acme Corp",
    params: { invoice_id: "in_123", amount: "250" },
    purpose: "Double-charged during the outage",
    makerId: MAKER,
    checkerIds: [CHECKER],
    ...overrides,
  };
}

async function created(service: RequestService, overrides: Partial<NewRequestInput> = {}) {
  const result = await service.createRequest(waiver(overrides));
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

describe("RequestService", () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  describe("creating", () => {
    it("stores a PENDING request with a human number and normalised params", async () => {
      const first = await created(t.service);
      const second = await created(t.service);
      expect(first).toMatchObject({
        number: 1,
        status: "PENDING",
        actionId: "waive-invoice",
        params: { invoice_id: "in_123", amount: 250 },
        makerId: MAKER,
        checkerIds: [CHECKER],
        approvalsRequired: 1,
        correlationId: first.id,
        createdAt: new Date("2026-03-02T14:00:00.000Z"),
      });
      expect(second.number).toBe(2);
      expect(t.store.events.map((e) => [e.type, e.actor, e.toStatus])).toEqual([
        ["REQUEST_CREATED", MAKER, "PENDING"],
        ["REQUEST_CREATED", MAKER, "PENDING"],
      ]);
    });

    it("refuses the maker as their own checker, and records the attempt", async () => {
      const result = await t.service.createRequest(waiver({ checkerIds: [MAKER] }));
      expect(result).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.SELF_APPROVAL",
          fields: { checkers: "You cannot check your own request." },
        },
      });
      expect(t.store.requests.size).toBe(0);
      expect(t.store.events).toMatchObject([
        {
          type: "ATTEMPT_REFUSED",
          actor: MAKER,
          requestId: null,
          details: { code: "REQUEST.SELF_APPROVAL" },
        },
      ]);
    });

    it("lists every invalid field at once, keyed by field", async () => {
      const result = await t.service.createRequest(
        waiver({
          params: { invoice_id: "inv-9", amount: "20000" },
          environment: "qa",
          team: " ",
          purpose: "",
        }),
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.refusal.code).toBe("REQUEST.INVALID");
      expect(Object.keys(result.refusal.fields ?? {}).sort()).toEqual(
        ["amount", "environment", "invoice_id", "purpose", "team"].sort(),
      );
      expect(result.refusal.fields?.environment).toBe(
        '"Waive invoice" runs only in: production, staging.',
      );
      // Typos are not audit-worthy; nothing was written.
      expect(t.store.events).toHaveLength(0);
    });

    it("refuses an unknown action with the list of known ones", async () => {
      const result = await t.service.createRequest(waiver({ actionId: "nope" }));
      expect(result).toMatchObject({ ok: false, refusal: { code: "ACTION.UNKNOWN" } });
      if (!result.ok) expect(result.refusal.message).toContain("waive-invoice");
    });

    it("enforces the maker and checker allow-lists, user groups included", async () => {
      const notAllowed = await t.service.createRequest({
        ...waiver({ actionId: "restricted", params: {}, checkerIds: ["U0BOSS"] }),
      });
      expect(notAllowed).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.MAKER_NOT_ALLOWED",
          message: 'You are not allowed to request "Restricted": only <!subteam^S0MAKERS> may.',
        },
      });

      const badChecker = await t.service.createRequest(
        waiver({
          actionId: "restricted",
          params: {},
          makerId: "U0ALLOWED",
          checkerIds: ["U0RANDOM"],
        }),
      );
      expect(badChecker).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.CHECKER_NOT_ALLOWED",
          message:
            '<@U0RANDOM> may not check "Restricted" requests: checkers must be <@U0BOSS> or <!subteam^S0LEADS>.',
          fields: { checkers: "U0RANDOM may not check this: choose one of U0BOSS or S0LEADS." },
        },
      });

      const viaGroup = await t.service.createRequest(
        waiver({
          actionId: "restricted",
          params: {},
          makerId: "U0ALLOWED",
          checkerIds: ["U0LEAD"],
        }),
      );
      expect(viaGroup.ok).toBe(true);
    });

    it("asks for as many checkers as the action needs approvals", async () => {
      const result = await t.service.createRequest(
        waiver({ actionId: "delete-account", params: { account: "acme" }, checkerIds: ["U0A"] }),
      );
      expect(result).toMatchObject({
        ok: false,
        refusal: { fields: { checkers: expect.stringContaining("needs 2 approvals") } },
      });
    });
  });

  describe("deciding", () => {
    it("approve → execute → FINISHED, with the result stored and one run", async () => {
      const request = await created(t.service);
      t.clock.advance(120_000);
      const approval = await t.service.approveRequest({ requestId: request.id, actorId: CHECKER });
      expect(approval).toMatchObject({
        ok: true,
        value: { approved: true, request: { status: "APPROVED" } },
      });

      const executed = await t.service.executeRequest(request.id);
      expect(executed).toMatchObject({
        ok: true,
        value: { status: "FINISHED", result: { waived: "in_123" }, decidedBy: CHECKER },
      });
      expect(t.runs).toHaveLength(1);
      expect(t.store.events.map((e) => e.type)).toEqual([
        "REQUEST_CREATED",
        "REQUEST_APPROVED",
        "EXECUTION_STARTED",
        "REQUEST_FINISHED",
      ]);
      // Each event names the one that led to it.
      const [createdEvent, approved, started, finished] = t.store.events;
      expect(approved?.causationId).toBe(createdEvent?.id);
      expect(started?.causationId).toBe(approved?.id);
      expect(finished?.causationId).toBe(started?.id);
    });

    it("a failing executor ends FAILED with its error; a throwing one too", async () => {
      t = setup(async () => ({ ok: false, error: "Webhook answered 500 Internal Server Error" }));
      const request = await created(t.service);
      await t.service.approveRequest({ requestId: request.id, actorId: CHECKER });
      expect(await t.service.executeRequest(request.id)).toMatchObject({
        ok: true,
        value: { status: "FAILED", error: "Webhook answered 500 Internal Server Error" },
      });

      t = setup(async () => {
        throw new Error("boom");
      });
      const other = await created(t.service);
      await t.service.approveRequest({ requestId: other.id, actorId: CHECKER });
      expect(await t.service.executeRequest(other.id)).toMatchObject({
        ok: true,
        value: { status: "FAILED", error: "The action failed: boom" },
      });
    });

    it("refuses the maker, a stranger, and a second decision — each an audit event", async () => {
      const request = await created(t.service);
      expect(
        await t.service.approveRequest({ requestId: request.id, actorId: MAKER }),
      ).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.SELF_APPROVAL",
          message: "You made #1, so you cannot approve it: a different person must check it.",
        },
      });
      expect(
        await t.service.approveRequest({ requestId: request.id, actorId: "U0STRANGER" }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.NOT_A_CHECKER", message: "Only <@U0CHECK> can decide on #1." },
      });
      await t.service.approveRequest({ requestId: request.id, actorId: CHECKER });
      expect(
        await t.service.declineRequest({ requestId: request.id, actorId: CHECKER, reason: "oops" }),
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
      expect((await t.service.findById(request.id))?.status).toBe("APPROVED");
    });

    it("decline needs a reason and records it", async () => {
      const request = await created(t.service);
      expect(
        await t.service.declineRequest({ requestId: request.id, actorId: CHECKER, reason: "  " }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.REASON_REQUIRED", fields: { reason: "A reason is required." } },
      });
      const declined = await t.service.declineRequest({
        requestId: request.id,
        actorId: CHECKER,
        reason: "Not our error",
      });
      expect(declined).toMatchObject({
        ok: true,
        value: {
          request: { status: "DECLINED", decisionReason: "Not our error", decidedBy: CHECKER },
        },
      });
      expect(t.runs).toHaveLength(0);
    });

    it("with approvals = 2 it runs only after two distinct checkers; one decline ends it", async () => {
      const input = waiver({
        actionId: "delete-account",
        params: { account: "acme" },
        checkerIds: ["U0A", "U0B", "U0C"],
      });
      const request = await created(t.service, input);
      const first = await t.service.approveRequest({ requestId: request.id, actorId: "U0A" });
      expect(first).toMatchObject({
        ok: true,
        value: { approved: false, request: { status: "PENDING", approvedBy: ["U0A"] } },
      });
      expect(
        await t.service.approveRequest({ requestId: request.id, actorId: "U0A" }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.ALREADY_APPROVED" },
      });
      expect(await t.service.executeRequest(request.id)).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.NOT_PENDING" },
      });
      const second = await t.service.approveRequest({ requestId: request.id, actorId: "U0B" });
      expect(second).toMatchObject({
        ok: true,
        value: { approved: true, request: { status: "APPROVED" } },
      });

      const other = await created(t.service, input);
      await t.service.approveRequest({ requestId: other.id, actorId: "U0A" });
      await t.service.declineRequest({ requestId: other.id, actorId: "U0C", reason: "No" });
      expect(await t.service.approveRequest({ requestId: other.id, actorId: "U0B" })).toMatchObject(
        {
          ok: false,
          refusal: { code: "REQUEST.NOT_PENDING" },
        },
      );
    });
  });

  describe("cancelling, expiring and duplicating", () => {
    it("only the maker cancels, only while PENDING; then approve is refused", async () => {
      const request = await created(t.service);
      expect(
        await t.service.cancelRequest({ requestId: request.id, actorId: CHECKER }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.NOT_THE_MAKER", message: "Only <@U0MAKER> can cancel #1." },
      });
      expect(
        await t.service.cancelRequest({
          requestId: request.id,
          actorId: MAKER,
          reason: "wrong invoice",
        }),
      ).toMatchObject({
        ok: true,
        value: { request: { status: "CANCELLED", decisionReason: "wrong invoice" } },
      });
      expect(
        await t.service.approveRequest({ requestId: request.id, actorId: CHECKER }),
      ).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.NOT_PENDING",
          message: expect.stringContaining("#1 was already cancelled by <@U0MAKER>"),
        },
      });
      expect(
        await t.service.cancelRequest({ requestId: request.id, actorId: MAKER }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.NOT_PENDING" },
      });
    });

    it("expires a PENDING request as the system", async () => {
      const request = await created(t.service);
      expect(await t.service.expireRequest(request.id)).toMatchObject({
        ok: true,
        value: { request: { status: "EXPIRED", decidedBy: "system" }, event: { actor: "system" } },
      });
    });

    it("duplicates a declined request into a linked PENDING one, never a pending one", async () => {
      const request = await created(t.service);
      expect(
        await t.service.duplicateRequest({ requestId: request.id, actorId: MAKER }),
      ).toMatchObject({
        ok: false,
        refusal: { code: "REQUEST.NOT_DUPLICABLE" },
      });
      await t.service.declineRequest({
        requestId: request.id,
        actorId: CHECKER,
        reason: "Wrong amount",
      });
      const copy = await t.service.duplicateRequest({
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
      const story = await t.service
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

  it("every request can be rebuilt by replaying its events", async () => {
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
});
