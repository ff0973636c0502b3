import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULE } from "../../src/requests/schedule.ts";
import {
  approve,
  create,
  DAY,
  events,
  HOUR,
  later,
  MAKER,
  NOTHING,
  setup,
  stored,
  sweepEvery,
  T0,
} from "./sweep-setup.ts";

describe("Sweeper: pending requests", () => {
  it("reminds the checkers still waiting once it is 4h old, not before, not twice", async () => {
    const t = setup();
    const request = await create(t);
    await approve(t, request.id, "U0ANN");
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, 4 * HOUR));
    t.clock.advance(4 * HOUR - 1);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(0);
    t.clock.advance(1);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, reminded: 1 });
    expect(events(t, request.id, "REMINDER_SENT")).toMatchObject([
      { actor: "system", toStatus: "PENDING", details: { reminder: 1, checkers: ["U0BOB"] } },
    ]);
    expect(stored(t, request.id)).toMatchObject({
      status: "PENDING",
      remindersSent: 1,
      lastRemindedAt: t.clock.now(),
    });
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, 4 * HOUR));
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(1);
  });

  it("after two days down, sends one reminder and the next 4h later, not a burst", async () => {
    const t = setup();
    const request = await create(t);
    t.clock.advance(2 * DAY);
    expect((await t.sweeper.sweep()).reminded).toBe(1);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(1);
    t.clock.advance(4 * HOUR - 1);
    expect((await t.sweeper.sweep()).reminded).toBe(0);
    t.clock.advance(1);
    expect((await t.sweeper.sweep()).reminded).toBe(1);
    expect(events(t, request.id, "REMINDER_SENT").map((e) => e.details.reminder)).toEqual([1, 2]);
  });

  it("escalates once to the members of escalate_to's group, the maker left out", async () => {
    const t = setup();
    const request = await create(t, "urgent");
    await sweepEvery(t, 4 * HOUR, 3);
    expect(stored(t, request.id)?.remindersSent).toBe(3);
    t.clock.advance(4 * HOUR);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, escalated: 1 });
    expect(events(t, request.id, "REQUEST_ESCALATED")).toMatchObject([
      { actor: "system", details: { to: "S0LEADS", recipients: ["U0LEAD", "U0LEAD2"] } },
    ]);
    expect(stored(t, request.id)).toMatchObject({
      status: "PENDING",
      escalatedAt: t.clock.now(),
      escalatedTo: ["U0LEAD", "U0LEAD2"],
    });
    await sweepEvery(t, 4 * HOUR, 6);
    expect(events(t, request.id, "REQUEST_ESCALATED")).toHaveLength(1);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(3);
  });

  it("expires it 7 days after creation, and then leaves it alone", async () => {
    const t = setup();
    const request = await create(t);
    await sweepEvery(t, 4 * HOUR, 3);
    t.clock.set(new Date(T0.getTime() + 7 * DAY - 1));
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    t.clock.advance(1);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, expired: 1 });
    expect(events(t, request.id, "REQUEST_EXPIRED")).toMatchObject([
      { actor: "system", fromStatus: "PENDING", toStatus: "EXPIRED" },
    ]);
    expect(stored(t, request.id)).toMatchObject({ status: "EXPIRED", decidedBy: "system" });
    expect(t.store.dueAt.get(request.id)).toBeNull();
    t.clock.advance(DAY);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
  });

  it("after a week down, expires it without reminding of it first", async () => {
    const t = setup();
    const request = await create(t);
    t.clock.advance(8 * DAY);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, expired: 1 });
    expect(events(t, request.id).map((e) => e.type)).toEqual([
      "REQUEST_CREATED",
      "REQUEST_EXPIRED",
    ]);
  });

  it("two sweepers at once on one store send one reminder", async () => {
    const t = setup();
    const other = t.bot();
    const request = await create(t);
    t.clock.advance(4 * HOUR);
    const reports = await Promise.all([t.sweeper.sweep(), other.sweeper.sweep()]);
    expect(reports.map((r) => r.reminded).sort()).toEqual([0, 1]);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(1);
  });

  it("two replicas advancing the same request at once (claim bypassed) send one reminder", async () => {
    const t = setup();
    const other = t.bot();
    const request = await create(t);
    t.clock.advance(4 * HOUR);
    const outcomes = await Promise.all([
      t.requests.advancePending(request.id),
      other.requests.advancePending(request.id),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["not-due", "reminded"]);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(1);
  });

  it("does not remind a declined request, even when a stale due time is left", async () => {
    const t = setup();
    const request = await create(t);
    await t.requests.declineRequest({ requestId: request.id, actorId: "U0ANN", reason: "No" });
    expect(stored(t, request.id)?.status).toBe("DECLINED");
    expect(t.store.dueAt.get(request.id)).toBeNull();
    t.store.dueAt.set(request.id, later(t, 4 * HOUR));
    t.clock.advance(4 * HOUR);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(0);
    expect(t.store.dueAt.get(request.id)).toBeNull();
  });
});

describe("Sweeper: settings changed", () => {
  it("rescheduleOpen makes open requests due earlier under a shorter stale_after", async () => {
    const t = setup();
    const [first, cancelled] = [await create(t), await create(t), await create(t)];
    if (!first || !cancelled) throw new Error("requests expected");
    await t.requests.cancelRequest({ requestId: cancelled.id, actorId: MAKER });
    t.clock.advance(HOUR);
    const restarted = t.bot({ ...DEFAULT_SCHEDULE, staleAfterMs: HOUR / 2 });
    expect((await restarted.sweeper.sweep()).reminded).toBe(0);
    // Batches of one: paging by number must still reach every open request.
    expect(await restarted.sweeper.rescheduleOpen(1)).toBe(2);
    expect(t.store.dueAt.get(first.id)).toEqual(new Date(T0.getTime() + HOUR / 2));
    expect(t.store.dueAt.get(cancelled.id)).toBeNull();
    expect(await restarted.sweeper.sweep()).toEqual({ ...NOTHING, reminded: 2 });
  });

  it("a request claimed but not due under longer settings goes back to its real schedule", async () => {
    const t = setup();
    const request = await create(t);
    const restarted = t.bot({ ...DEFAULT_SCHEDULE, staleAfterMs: 8 * HOUR });
    t.clock.advance(4 * HOUR);
    expect(await restarted.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "REMINDER_SENT")).toHaveLength(0);
    expect(t.store.dueAt.get(request.id)).toEqual(new Date(T0.getTime() + 8 * HOUR));
  });
});
