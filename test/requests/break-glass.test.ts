import { describe, expect, it } from "vitest";
import { replay } from "../../src/requests/replay.ts";
import { emergency, MAKER, ONCALL, setup } from "./break-glass-setup.ts";

describe("break glass", () => {
  it("approves as it is created, with the designated checkers (never the maker) to review", async () => {
    const t = setup();
    const result = await t.service.createRequest(emergency());
    if (!result.ok) throw new Error(result.refusal.message);
    const request = result.value.request;
    expect(request).toMatchObject({
      status: "APPROVED",
      checkerIds: ONCALL,
      approvedBy: [],
      decidedBy: MAKER,
      breakGlassReason: "Pipeline stuck, customers not billed, on-call unreachable",
      reviewVerdict: null,
    });
    expect(t.store.events.map((e) => [e.type, e.actor, e.fromStatus, e.toStatus])).toEqual([
      ["REQUEST_CREATED", MAKER, null, "PENDING"],
      ["BREAK_GLASS_USED", MAKER, "PENDING", "APPROVED"],
    ]);
    expect(t.store.events[1]?.details).toEqual({
      reason: "Pipeline stuck, customers not billed, on-call unreachable",
      reviewers: ONCALL,
    });
    // The trail alone rebuilds it.
    expect(replay(t.store.events)).toEqual(request);

    const ran = await t.service.executeRequest(request.id);
    expect(ran).toMatchObject({ ok: true, value: { status: "FINISHED" } });
    expect(t.runs).toHaveLength(1);
  });

  it("adds the checkers the maker named to the reviewers, if they may check", async () => {
    const t = setup();
    const named = await t.service.createRequest(emergency({ checkerIds: ["U0ONCALL2"] }));
    expect(named.ok && named.value.request.checkerIds).toEqual(["U0ONCALL2", "U0ONCALL1"]);
    const anyone = await t.service.createRequest(
      emergency({ actionId: "anyone-checks", checkerIds: ["U0LEAD", "U0DEPUTY"] }),
    );
    expect(anyone.ok && anyone.value.request.checkerIds).toEqual(["U0LEAD", "U0DEPUTY"]);
    expect(await t.service.createRequest(emergency({ checkerIds: ["U0LEAD"] }))).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.CHECKER_NOT_ALLOWED" },
    });
  });

  it("needs a reason, and someone to review when the action designates nobody", async () => {
    const t = setup();
    expect(
      await t.service.createRequest(emergency({ breakGlass: { reason: "  " } })),
    ).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.INVALID",
        fields: { breakGlass: "Say what the emergency is: the reviewers read this." },
      },
    });
    const watched = setup({ auditChannel: "C0AUDIT" });
    expect(
      await watched.service.createRequest(emergency({ actionId: "anyone-checks" })),
    ).toMatchObject({
      ok: false,
      refusal: {
        fields: {
          checkers: 'Name who reviews this afterwards: "Anyone checks" has no designated checkers.',
        },
      },
    });
    // Nobody but the maker's own picks would see it: it takes two of them.
    for (const checkerIds of [[], ["U0LEAD"]]) {
      expect(
        await t.service.createRequest(emergency({ actionId: "anyone-checks", checkerIds })),
      ).toMatchObject({
        ok: false,
        refusal: {
          fields: {
            checkers:
              'Name two reviewers: "Anyone checks" has no designated checkers and no audit channel sees it, so two people must review it afterwards.',
          },
        },
      });
    }
    expect(t.store.requests.size + watched.store.requests.size).toBe(0);
  });

  it("is refused for an action that does not allow it, and the attempt is recorded", async () => {
    const t = setup();
    const result = await t.service.createRequest(
      emergency({ actionId: "no-glass", checkerIds: ["U0LEAD"] }),
    );
    expect(result).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.BREAK_GLASS_NOT_ALLOWED",
        message:
          '"Delete account" cannot be run by breaking the glass: it needs a checker\'s approval.',
      },
    });
    expect(t.store.events.map((e) => [e.type, e.details.code])).toEqual([
      ["ATTEMPT_REFUSED", "REQUEST.BREAK_GLASS_NOT_ALLOWED"],
    ]);
  });

  describe("review", () => {
    async function used(t: ReturnType<typeof setup>) {
      const result = await t.service.createRequest(emergency());
      if (!result.ok) throw new Error(result.refusal.message);
      const ran = await t.service.executeRequest(result.value.request.id);
      if (!ran.ok) throw new Error(ran.refusal.message);
      return ran.value;
    }

    it("lets one designated reviewer acknowledge it after it ran; the status stays", async () => {
      const t = setup();
      const request = await used(t);
      t.clock.advance(60_000);
      const reviewed = await t.service.reviewBreakGlass({
        requestId: request.id,
        actorId: "U0ONCALL2",
        verdict: "ACKNOWLEDGED",
      });
      expect(reviewed).toMatchObject({
        ok: true,
        value: {
          request: {
            status: "FINISHED",
            reviewVerdict: "ACKNOWLEDGED",
            reviewedBy: "U0ONCALL2",
            reviewedAt: new Date("2026-03-02T14:01:00.000Z"),
            reviewNote: null,
          },
          event: { type: "BREAK_GLASS_REVIEWED", fromStatus: "FINISHED", toStatus: "FINISHED" },
        },
      });
      const again = await t.service.reviewBreakGlass({
        requestId: request.id,
        actorId: "U0ONCALL1",
        verdict: "FLAGGED",
        note: "Should have paged me",
      });
      expect(again).toMatchObject({
        ok: false,
        refusal: {
          code: "REQUEST.ALREADY_REVIEWED",
          message: "#1 was already acknowledged by <@U0ONCALL2> at 2026-03-02 14:01 UTC.",
        },
      });
      expect(replay(t.store.events.filter((e) => e.requestId === request.id))).toEqual(
        t.store.requests.get(request.id),
      );
    });

    it("needs a note to flag it", async () => {
      const t = setup();
      const request = await used(t);
      expect(
        await t.service.reviewBreakGlass({
          requestId: request.id,
          actorId: "U0ONCALL1",
          verdict: "FLAGGED",
        }),
      ).toMatchObject({ ok: false, refusal: { fields: { note: "A note is required to flag." } } });
      const flagged = await t.service.reviewBreakGlass({
        requestId: request.id,
        actorId: "U0ONCALL1",
        verdict: "FLAGGED",
        note: " Not an emergency: could have waited for the morning. ",
      });
      expect(flagged.ok && flagged.value.request).toMatchObject({
        reviewVerdict: "FLAGGED",
        reviewNote: "Not an emergency: could have waited for the morning.",
      });
    });

    it("refuses the maker, strangers, and requests a checker approved", async () => {
      const t = setup();
      const request = await used(t);
      const review = (actorId: string, requestId = request.id) =>
        t.service.reviewBreakGlass({ requestId, actorId, verdict: "ACKNOWLEDGED" });
      expect(await review(MAKER)).toMatchObject({
        refusal: {
          code: "REQUEST.SELF_APPROVAL",
          message: "You broke the glass on #1, so someone else must review it.",
        },
      });
      expect(await review("U0STRANGER")).toMatchObject({
        refusal: {
          code: "REQUEST.NOT_A_CHECKER",
          message: "Only <@U0ONCALL1> or <@U0ONCALL2> can review #1.",
        },
      });
      const normal = await t.service.createRequest(
        emergency({ breakGlass: undefined, checkerIds: ["U0ONCALL1"] }),
      );
      if (!normal.ok) throw new Error(normal.refusal.message);
      expect(await review("U0ONCALL1", normal.value.request.id)).toMatchObject({
        refusal: { code: "REQUEST.NOT_BREAK_GLASS" },
      });
      expect(t.store.events.filter((e) => e.type === "ATTEMPT_REFUSED")).toHaveLength(3);
    });
  });
});
