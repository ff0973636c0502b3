import { describe, expect, it } from "vitest";
import { replay } from "../../src/requests/replay.ts";
import type { NewRequestInput } from "../../src/requests/request-service.ts";
import { emergency, setup } from "./break-glass-setup.ts";

describe("break-glass review, when the maker alone chose the reviewers", () => {
  const chosenAlone = (overrides: Partial<NewRequestInput> = {}) =>
    emergency({ actionId: "anyone-checks", checkerIds: ["U0LEAD", "U0DEPUTY"], ...overrides });

  it("with an audit channel, one reviewer named and one review settle it", async () => {
    const t = setup({ auditChannel: "C0AUDIT" });
    const created = await t.service.createRequest(chosenAlone({ checkerIds: ["U0LEAD"] }));
    if (!created.ok) throw new Error(created.refusal.message);
    expect(created.value.request.reviewsRequired).toBe(1);
    expect(t.store.events[1]?.details).not.toHaveProperty("reviewsRequired");
    const reviewed = await t.service.reviewBreakGlass({
      requestId: created.value.request.id,
      actorId: "U0LEAD",
      verdict: "ACKNOWLEDGED",
    });
    expect(reviewed.ok && reviewed.value.request.reviewVerdict).toBe("ACKNOWLEDGED");
  });

  it("without one, the first acknowledgement waits for a second look by someone else", async () => {
    const t = setup();
    const created = await t.service.createRequest(chosenAlone());
    if (!created.ok) throw new Error(created.refusal.message);
    const id = created.value.request.id;
    expect(created.value.request.reviewsRequired).toBe(2);
    expect(t.store.events[1]?.details).toMatchObject({ reviewsRequired: 2 });
    const review = (actorId: string) =>
      t.service.reviewBreakGlass({ requestId: id, actorId, verdict: "ACKNOWLEDGED" });

    const first = await review("U0LEAD");
    expect(first).toMatchObject({
      ok: true,
      value: {
        request: { reviewVerdict: null, reviewedBy: "U0LEAD" },
        event: { details: { verdict: "ACKNOWLEDGED", look: 1, of: 2 } },
      },
    });
    expect(await review("U0LEAD")).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.ALREADY_REVIEWED",
        message:
          "You already acknowledged #1; it needs a second look by another reviewer: <@U0DEPUTY>.",
      },
    });
    t.clock.advance(60_000);
    const second = await review("U0DEPUTY");
    expect(second).toMatchObject({
      ok: true,
      value: {
        request: { reviewVerdict: "ACKNOWLEDGED", reviewedBy: "U0DEPUTY" },
        event: { details: { look: 2, of: 2 } },
      },
    });
    expect(await review("U0LEAD")).toMatchObject({
      refusal: { code: "REQUEST.ALREADY_REVIEWED" },
    });
    const own = t.store.events.filter((e) => e.requestId === id);
    expect(replay(own)).toEqual(t.store.requests.get(id));
  });

  it("a flag settles it at once, first look or not", async () => {
    const t = setup();
    const created = await t.service.createRequest(chosenAlone());
    if (!created.ok) throw new Error(created.refusal.message);
    const flagged = await t.service.reviewBreakGlass({
      requestId: created.value.request.id,
      actorId: "U0DEPUTY",
      verdict: "FLAGGED",
      note: "Not an emergency",
    });
    expect(flagged.ok && flagged.value.request).toMatchObject({
      reviewVerdict: "FLAGGED",
      reviewedBy: "U0DEPUTY",
    });
  });

  it("replay refuses a second look by the first reviewer, and a review of a settled use", async () => {
    const t = setup();
    const created = await t.service.createRequest(chosenAlone());
    if (!created.ok) throw new Error(created.refusal.message);
    const id = created.value.request.id;
    const first = await t.service.reviewBreakGlass({
      requestId: id,
      actorId: "U0LEAD",
      verdict: "ACKNOWLEDGED",
    });
    if (!first.ok) throw new Error(first.refusal.message);
    const own = t.store.events.filter((e) => e.requestId === id);
    const forged = { ...first.value.event, id: "forged", details: { verdict: "ACKNOWLEDGED" } };
    expect(() => replay([...own, forged])).toThrow(
      "event forged is a second look by the reviewer of the first",
    );
    const flag = { ...forged, actor: "U0DEPUTY", details: { verdict: "FLAGGED", note: "x" } };
    expect(() => replay([...own, flag, { ...flag, id: "again" }])).toThrow(
      "it reviews a break-glass use already reviewed by U0DEPUTY",
    );
    expect(() =>
      replay([...own, { ...flag, details: { verdict: "ACKNOWLEDGED", look: 1 } }]),
    ).toThrow("says it is look 1, but it is look 2");
  });
});
