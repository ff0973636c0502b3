/** A bot (or several, sharing one store) with a sweeper and a clock the tests move. */

import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { ExecutionContext, ExecutionOutcome } from "../../src/factory/types.ts";
import type { AuditEventType } from "../../src/requests/audit-events.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import type { GoneCheck, LeaseHolder } from "../../src/requests/lease.ts";
import { claimOrphanedLeases } from "../../src/requests/lease-takeover.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import {
  DEFAULT_SCHEDULE,
  dueAt,
  policyFor,
  type ScheduleDefaults,
} from "../../src/requests/schedule.ts";
import type { Scheduler } from "../../src/requests/store.ts";
import { emptyReport, Sweeper } from "../../src/scheduler/sweeper.ts";
import { collectingLogger } from "../support/logger.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = new Date("2026-03-02T09:00:00.000Z");
export const MAKER = "U0MAKER";
export const CHECKERS = ["U0ANN", "U0BOB"];
export const NOTHING = emptyReport();

/** Executors that record each run; after `hang()`, the next run waits until `release()`. */
function executors() {
  const runs: ExecutionContext[] = [];
  const held: (() => void)[] = [];
  const exec = {
    runs,
    hangs: false,
    /** What a run answers; an outcome unless a test says otherwise. */
    answer: (ctx: ExecutionContext): unknown => ({ ok: true, result: { ran: ctx.request.number } }),
    hang: () => {
      exec.hangs = true;
    },
    release: () => {
      for (const resolve of held.splice(0)) resolve();
    },
    execute: async (ctx: ExecutionContext): Promise<ExecutionOutcome> => {
      runs.push(ctx);
      const hangs = exec.hangs;
      exec.hangs = false;
      if (hangs) await new Promise<void>((resolve) => held.push(resolve));
      return exec.answer(ctx) as ExecutionOutcome;
    },
  };
  return exec;
}

export function setup() {
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

  /**
   * One bot process on the shared store, as src/app/start-bot.ts wires it. With `as`, the process
   * it pretends to be: its lease holder, and what it knows of other processes (it then takes
   * over leases of processes that are gone, as a bot does).
   */
  const bot = (
    schedule: ScheduleDefaults = DEFAULT_SCHEDULE,
    as?: Omit<GoneCheck, "me"> & { readonly lease: LeaseHolder },
  ) => {
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
      ...(as ? { lease: as.lease } : {}),
    });
    const runner = new ExecutionRunner(requests, logger);
    const orphans = as ? () => claimOrphanedLeases({ ...as, me: as.lease, store, clock }) : null;
    const sweeper = new Sweeper({
      store,
      requests,
      runner,
      schedule: scheduler,
      clock,
      logger,
      orphans,
    });
    return { requests, runner, sweeper };
  };
  return { clock, store, exec, lines, bot, ...bot() };
}

export type World = ReturnType<typeof setup>;

export async function create(t: World, actionId = "refund") {
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
export async function approve(t: World, requestId: string, ...checkers: string[]) {
  for (const actorId of checkers) {
    if (t.store.requests.get(requestId)?.status !== "PENDING") return;
    const result = await t.requests.approveRequest({ requestId, actorId });
    if (!result.ok) throw new Error(result.refusal.message);
  }
}

export const events = (t: World, requestId: string, type?: AuditEventType) =>
  t.store.events.filter((e) => e.requestId === requestId && (!type || e.type === type));
export const stored = (t: World, id: string) => t.store.requests.get(id);
export const later = (t: World, ms: number) => new Date(t.clock.now().getTime() + ms);

/** Moves time on by `step` and sweeps, `times` times over, as the cron job would. */
export async function sweepEvery(t: World, step: number, times: number) {
  for (let i = 0; i < times; i++) {
    t.clock.advance(step);
    await t.sweeper.sweep();
  }
}
