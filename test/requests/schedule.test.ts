import { describe, expect, it } from "vitest";
import { defineAction } from "../../src/factory/define-action.ts";
import {
  DEFAULT_SCHEDULE,
  dueAt,
  dueStep,
  EXECUTION_LEASE_MS,
  nextPendingStep,
  policyFor,
  type SchedulePolicy,
  START_GRACE_MS,
} from "../../src/requests/schedule.ts";
import type { RequestStatus } from "../../src/requests/status.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { request as viewFixture } from "../slack/views/fixtures.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CREATED = new Date("2026-03-02T09:00:00.000Z");

/** A time `ms` after the request was created. */
const at = (ms: number) => new Date(CREATED.getTime() + ms);

/** A pending "refund" request filed at CREATED. */
function request(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return viewFixture({ actionId: "refund", createdAt: CREATED, updatedAt: CREATED, ...overrides });
}

/** The request after `count` reminders, the last one sent at `lastAt`. */
const reminded = (count: number, lastAt: Date, overrides: Partial<RequestRecord> = {}) =>
  request({ remindersSent: count, lastRemindedAt: lastAt, ...overrides });

function policy(overrides: Partial<SchedulePolicy> = {}): SchedulePolicy {
  return { ...policyFor(DEFAULT_SCHEDULE, undefined), ...overrides };
}

const action = (settings: { staleAfter?: string; expireAfter?: string; escalateTo?: string }) =>
  defineAction({
    id: "refund",
    title: "Refund",
    execute: async () => ({ ok: true, result: null }),
    ...settings,
  });

describe("policyFor", () => {
  it("is the defaults (4h, 3 reminders, 7d, no escalation) for an action without settings", () => {
    expect(policyFor(DEFAULT_SCHEDULE, action({}))).toEqual({
      staleAfterMs: 4 * HOUR,
      maxReminders: 3,
      expireAfterMs: 7 * DAY,
      escalateTo: null,
    });
    expect(policyFor(DEFAULT_SCHEDULE, undefined)).toEqual(policy());
  });

  it("lets an action's own settings win over the defaults, one by one", () => {
    expect(policyFor(DEFAULT_SCHEDULE, action({ staleAfter: "30m" }))).toEqual(
      policy({ staleAfterMs: 30 * MINUTE }),
    );
    expect(
      policyFor(DEFAULT_SCHEDULE, action({ expireAfter: "2d", escalateTo: "S0LEADS" })),
    ).toEqual(policy({ expireAfterMs: 2 * DAY, escalateTo: "S0LEADS" }));
  });
});

describe("nextPendingStep", () => {
  it("reminds 4h after creation, then 4h after the last reminder", () => {
    expect(nextPendingStep(request(), policy())).toEqual({
      kind: "remind",
      reminder: 1,
      at: at(4 * HOUR),
    });
    // The first reminder went out late (the bot was down): the next counts from it, not from
    // creation, so a bot coming back does not send a burst.
    expect(nextPendingStep(reminded(1, at(30 * HOUR)), policy())).toEqual({
      kind: "remind",
      reminder: 2,
      at: at(34 * HOUR),
    });
    expect(nextPendingStep(reminded(2, at(8 * HOUR)), policy())).toEqual({
      kind: "remind",
      reminder: 3,
      at: at(12 * HOUR),
    });
  });

  it("without escalate_to, expires after the last reminder (at 7d)", () => {
    expect(nextPendingStep(reminded(3, at(12 * HOUR)), policy())).toEqual({
      kind: "expire",
      at: at(7 * DAY),
    });
  });

  it("escalates one stale period after the last reminder, once", () => {
    const escalating = policy({ escalateTo: "S0LEADS" });
    expect(nextPendingStep(reminded(2, at(8 * HOUR)), escalating).kind).toBe("remind");
    expect(nextPendingStep(reminded(3, at(12 * HOUR)), escalating)).toEqual({
      kind: "escalate",
      to: "S0LEADS",
      at: at(16 * HOUR),
    });
    // Once escalated, only expiry is left.
    const escalated = reminded(3, at(12 * HOUR), {
      escalatedAt: at(16 * HOUR),
      escalatedTo: ["U0LEAD"],
    });
    expect(nextPendingStep(escalated, escalating)).toEqual({ kind: "expire", at: at(7 * DAY) });
  });

  it("escalates at +stale when there are no reminders to send", () => {
    expect(nextPendingStep(request(), policy({ maxReminders: 0, escalateTo: "U0BOSS" }))).toEqual({
      kind: "escalate",
      to: "U0BOSS",
      at: at(4 * HOUR),
    });
    expect(nextPendingStep(request(), policy({ maxReminders: 0 }))).toEqual({
      kind: "expire",
      at: at(7 * DAY),
    });
  });

  it("expires instead when expiry comes first", () => {
    expect(nextPendingStep(request(), policy({ expireAfterMs: HOUR }))).toEqual({
      kind: "expire",
      at: at(HOUR),
    });
    // The third reminder would be due at 7d + 2h: expiry overtakes it.
    expect(nextPendingStep(reminded(2, at(7 * DAY - 2 * HOUR)), policy())).toEqual({
      kind: "expire",
      at: at(7 * DAY),
    });
    // Escalation exactly at the expiry time: the request expires.
    const escalating = policy({ maxReminders: 0, escalateTo: "S0LEADS", expireAfterMs: 4 * HOUR });
    expect(nextPendingStep(request(), escalating)).toEqual({ kind: "expire", at: at(4 * HOUR) });
  });

  it("follows an action's stale_after and expire_after", () => {
    const quick = policyFor(DEFAULT_SCHEDULE, action({ staleAfter: "30m", expireAfter: "1h" }));
    expect(nextPendingStep(request(), quick)).toEqual({
      kind: "remind",
      reminder: 1,
      at: at(30 * MINUTE),
    });
    expect(nextPendingStep(reminded(1, at(30 * MINUTE)), quick)).toEqual({
      kind: "expire",
      at: at(HOUR),
    });
  });
});

describe("dueStep", () => {
  it("is nothing until the next step's time, then that step", () => {
    expect(dueStep(request(), policy(), at(4 * HOUR - 1))).toBeNull();
    expect(dueStep(request(), policy(), at(4 * HOUR))).toEqual({
      kind: "remind",
      reminder: 1,
      at: at(4 * HOUR),
    });
  });

  it("past expiry, expires even when reminders were missed (the bot was down)", () => {
    expect(dueStep(request(), policy(), at(8 * DAY))).toEqual({ kind: "expire", at: at(7 * DAY) });
    const escalating = policy({ escalateTo: "S0LEADS" });
    expect(dueStep(reminded(3, at(12 * HOUR)), escalating, at(7 * DAY))?.kind).toBe("expire");
  });
});

describe("dueAt", () => {
  const updatedAt = at(2 * HOUR);
  const inStatus = (status: RequestStatus) => request({ status, updatedAt });

  it("is the next pending step for a PENDING request", () => {
    expect(dueAt(inStatus("PENDING"), policy())).toEqual(at(4 * HOUR));
    expect(dueAt(inStatus("PENDING"), policy({ expireAfterMs: HOUR }))).toEqual(at(HOUR));
  });

  it("gives an approved request START_GRACE_MS to start, a running one its lease", () => {
    expect(dueAt(inStatus("APPROVED"), policy())).toEqual(at(2 * HOUR + START_GRACE_MS));
    expect(dueAt(inStatus("EXECUTING"), policy())).toEqual(at(2 * HOUR + EXECUTION_LEASE_MS));
  });

  it("is never for a closed request", () => {
    const closed: RequestStatus[] = ["FINISHED", "FAILED", "DECLINED", "CANCELLED", "EXPIRED"];
    for (const status of closed) expect(dueAt(inStatus(status), policy()), status).toBeNull();
  });
});
