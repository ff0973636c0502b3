import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditEventType } from "../../src/audit/events.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { ExecutionContext, ExecutionOutcome } from "../../src/factory/types.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import {
  DEFAULT_SCHEDULE,
  INTERRUPTED_ERROR,
  RequestService,
} from "../../src/requests/request-service.ts";
import {
  dueAt,
  EXECUTION_HEARTBEAT_MS,
  EXECUTION_LEASE_MS,
  policyFor,
  type ScheduleDefaults,
  START_GRACE_MS,
} from "../../src/requests/schedule.ts";
import type { Scheduler } from "../../src/requests/store.ts";
import { Sweeper } from "../../src/scheduler/sweeper.ts";
import { collectingLogger } from "../support/logger.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-03-02T09:00:00.000Z");
const MAKER = "U0MAKER";
const CHECKERS = ["U0ANN", "U0BOB"];
const NOTHING = { reminded: 0, escalated: 0, expired: 0, started: 0, recovered: 0, failed: 0 };

/** Executors that record each run; after `hang()`, the next run waits until `release()`. */
function executors() {
  const runs: ExecutionContext[] = [];
  const held: (() => void)[] = [];
  const exec = {
    runs,
    hangs: false,
    hang: () => void (exec.hangs = true),
    release: () => held.splice(0).forEach((resolve) => resolve()),
    execute: async (ctx: ExecutionContext): Promise<ExecutionOutcome> => {
      runs.push(ctx);
      const hangs = exec.hangs;
      exec.hangs = false;
      if (hangs) await new Promise<void>((resolve) => held.push(resolve));
      return { ok: true, result: { ran: ctx.request.number } };
    },
  };
  return exec;
}

function setup() {
  const clock = new ManualClock(T0);
  const exec = executors();
  const actions = new ActionRegistry([
    defineAction({ id: "refund", title: "Refund", approvals: 2, execute: exec.execute }),
    defineAction({ id: "urgent", title: "Urgent", escalateTo: "S0LEADS", execute: exec.execute }),
    defineAction({ id: "webhook", title: "Webhook", idempotent: true, execute: exec.execute }),
  ]);
  const directory = staticDirectory({ S0LEADS: ["U0LEAD", MAKER, "U0LEAD2"] });
  const { logger, lines } = collectingLogger();
  // The store schedules with the settings of the latest bot started on it, like a restart would.
  let current: Scheduler = () => null;
  const store = new MemoryRequestStore(undefined, undefined, (request) => current(request));

  /** One bot process on the shared store, as src/slack/bot.ts wires it. */
  const bot = (schedule: ScheduleDefaults = DEFAULT_SCHEDULE) => {
    const scheduler: Scheduler = (request) =>
      dueAt(request, policyFor(schedule, actions.get(request.actionId)));
    current = scheduler;
    const requests = new RequestService({
      store,
      actions,
      clock,
      directory,
      environments: ["production"],
      schedule,
    });
    const runner = new ExecutionRunner(requests, logger);
    const sweeper = new Sweeper({ store, requests, runner, schedule: scheduler, clock, logger });
    return { requests, runner, sweeper };
  };
  return { clock, store, exec, lines, bot, ...bot() };
}

type World = ReturnType<typeof setup>;

async function create(t: World, actionId = "refund") {
  const result = await t.requests.createRequest({
    actionId,
    environment: "production",
    team: "Acme",
    params: {},
    purpose: "Customer asked",
    makerId: MAKER,
    checkerIds: CHECKERS,
  });
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

/** Approves with each of `checkers` in turn, until the request is approved. */
async function approve(t: World, requestId: string, ...checkers: string[]) {
  for (const actorId of checkers) {
    if (t.store.requests.get(requestId)?.status !== "PENDING") return;
    const result = await t.requests.approveRequest({ requestId, actorId });
    if (!result.ok) throw new Error(result.refusal.message);
  }
}

const events = (t: World, requestId: string, type?: AuditEventType) =>
  t.store.events.filter((e) => e.requestId === requestId && (!type || e.type === type));
const stored = (t: World, id: string) => t.store.requests.get(id);
const later = (t: World, ms: number) => new Date(t.clock.now().getTime() + ms);

/** Moves time on by `step` and sweeps, `times` times over, as the cron job would. */
async function sweepEvery(t: World, step: number, times: number) {
  for (let i = 0; i < times; i++) {
    t.clock.advance(step);
    await t.sweeper.sweep();
  }
}

/** Lets a run a test left hanging finish, so nothing leaks into the next test. */
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
  vi.useRealTimers();
});

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

describe("Sweeper: approved and running requests", () => {
  it("starts an approved request that did not start within START_GRACE_MS", async () => {
    const t = setup();
    const request = await create(t);
    await approve(t, request.id, ...CHECKERS);
    t.clock.advance(START_GRACE_MS - 1);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    t.clock.advance(1);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, started: 1 });
    await t.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs.map((ctx) => ctx.request.id)).toEqual([request.id]);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
  });

  /**
   * Leaves a request of `actionId` EXECUTING in one bot process, its executor hanging; then
   * starts another bot on the same store, as after a crash (or as a replica).
   */
  async function leftRunning(t: World, actionId: string) {
    const request = await create(t, actionId);
    await approve(t, request.id, ...CHECKERS);
    t.exec.hang();
    const first = t.bot();
    void first.runner.run(request.id);
    cleanup = async () => {
      t.exec.release();
      await first.runner.idle();
    };
    await vi.waitFor(() => expect(stored(t, request.id)?.status).toBe("EXECUTING"));
    return { request, dead: first, alive: t.bot() };
  }

  it("resumes an idempotent action whose process stopped, with the same request id", async () => {
    const t = setup();
    const { request, dead, alive } = await leftRunning(t, "webhook");
    t.clock.advance(EXECUTION_LEASE_MS - 1);
    expect(await alive.sweeper.sweep()).toEqual(NOTHING);
    t.clock.advance(1);
    expect(await alive.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await alive.runner.idle();
    expect(events(t, request.id).map((e) => e.type)).toEqual([
      "REQUEST_CREATED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "EXECUTION_RESUMED",
      "REQUEST_FINISHED",
    ]);
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs.map((ctx) => ctx.request.id)).toEqual([request.id, request.id]);
    expect(t.lines.some((l) => l.startsWith("warn:") && l.includes("left running"))).toBe(true);
    // The dead process's late outcome does not overwrite the one recorded.
    t.exec.release();
    await dead.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(events(t, request.id, "REQUEST_FINISHED")).toHaveLength(1);
  });

  it("marks a non-idempotent action FAILED as interrupted, without running it again", async () => {
    const t = setup();
    const { request, dead, alive } = await leftRunning(t, "refund");
    t.clock.advance(EXECUTION_LEASE_MS);
    expect(await alive.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await alive.runner.idle();
    expect(events(t, request.id, "REQUEST_FAILED")).toMatchObject([
      {
        actor: "system",
        toStatus: "FAILED",
        details: { error: INTERRUPTED_ERROR, interrupted: true },
      },
    ]);
    expect(stored(t, request.id)).toMatchObject({ status: "FAILED", error: INTERRUPTED_ERROR });
    expect(t.store.dueAt.get(request.id)).toBeNull();
    expect(t.exec.runs).toHaveLength(1);
    t.exec.release();
    await dead.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FAILED");
  });

  it("leaves alone an execution whose process renews its lease", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const t = setup();
    // Here the first process is alive: its heartbeat renews the lease every 15 s.
    const { request, alive: other } = await leftRunning(t, "webhook");
    for (let beat = 0; beat < 8; beat++) {
      t.clock.advance(EXECUTION_HEARTBEAT_MS);
      vi.advanceTimersByTime(EXECUTION_HEARTBEAT_MS);
      expect(await other.sweeper.sweep()).toEqual(NOTHING);
    }
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, EXECUTION_LEASE_MS));
    expect(events(t, request.id, "EXECUTION_RESUMED")).toHaveLength(0);
  });
});
