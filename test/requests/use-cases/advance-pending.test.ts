import { describe, expect, it } from "vitest";
import { advancePending } from "../../../src/requests/use-cases/advance-pending.ts";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { CHECKER, filed, slackSetup } from "./setup.ts";

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

describe("advancePending", () => {
  it("does nothing before its time, then reminds the checkers still waiting", async () => {
    const t = slackSetup();
    const request = await filed(t, {
      actionId: "delete-account",
      params: { account: "acme" },
      checkerIds: ["U0A", "U0B", "U0C"],
    });
    await approveRequest(t.ctx, { requestId: request.id, actorId: "U0B" });
    t.clock.advance(4 * HOUR - 1);
    expect(await advancePending(t.ctx, request.id)).toMatchObject({
      kind: "not-due",
      request: { id: request.id, status: "PENDING", remindersSent: 0 },
    });
    // Not being due is no attempt: nothing is written.
    expect(t.store.events.map((e) => e.type)).toEqual(["REQUEST_CREATED", "APPROVAL_RECORDED"]);

    t.clock.advance(1);
    expect(await advancePending(t.ctx, request.id)).toMatchObject({
      kind: "reminded",
      request: { status: "PENDING", remindersSent: 1, lastRemindedAt: t.clock.now() },
    });
    expect(t.store.events.at(-1)).toMatchObject({
      type: "REMINDER_SENT",
      actor: "system",
      toStatus: "PENDING",
      details: { reminder: 1, checkers: ["U0A", "U0C"] },
    });
    // The same sweep again finds nothing due: one reminder, not two.
    expect((await advancePending(t.ctx, request.id)).kind).toBe("not-due");
  });

  it("follows the schedule it is given, and expires the request when its time is up", async () => {
    const t = slackSetup({ schedule: { staleAfterMs: HOUR, maxReminders: 1, expireAfterMs: DAY } });
    const request = await filed(t);
    t.clock.advance(HOUR);
    expect((await advancePending(t.ctx, request.id)).kind).toBe("reminded");
    // Its one reminder sent and nobody to escalate to: nothing more until it expires.
    t.clock.advance(DAY - HOUR - 1);
    expect((await advancePending(t.ctx, request.id)).kind).toBe("not-due");
    t.clock.advance(1);
    expect(await advancePending(t.ctx, request.id)).toMatchObject({
      kind: "expired",
      request: { status: "EXPIRED", decidedBy: "system" },
    });
    expect(t.store.events.map((e) => [e.type, e.actor])).toEqual([
      ["REQUEST_CREATED", "U0MAKER"],
      ["REMINDER_SENT", "system"],
      ["REQUEST_EXPIRED", "system"],
    ]);
  });

  it("expires a request past its expiry at once, reminders missed or not", async () => {
    const t = slackSetup();
    const request = await filed(t);
    t.clock.advance(7 * DAY);
    expect((await advancePending(t.ctx, request.id)).kind).toBe("expired");
    expect(t.store.events.filter((e) => e.type === "REMINDER_SENT")).toEqual([]);
  });

  it("leaves a decided request, or one that is gone, alone", async () => {
    const t = slackSetup();
    const request = await filed(t);
    await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER });
    t.clock.advance(8 * DAY);
    expect(await advancePending(t.ctx, request.id)).toMatchObject({
      kind: "not-due",
      request: { id: request.id, status: "APPROVED" },
    });
    expect(await advancePending(t.ctx, "nope")).toEqual({ kind: "not-due", request: null });
    expect(t.store.events.map((e) => e.type)).toEqual(["REQUEST_CREATED", "REQUEST_APPROVED"]);
  });
});
