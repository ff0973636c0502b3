import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { ExecutionRunner } from "../requests/execution-runner.ts";
import { type CronJob, type StartCron, startCronJob } from "../scheduler/cron-job.ts";
import { Sweeper } from "../scheduler/sweeper.ts";
import type { Engine } from "./engine.ts";

/** The sweep (reminders, escalations, expiries, resumes) and what runs it: the start, then cron. */
export interface Schedule {
  readonly sweeper: Sweeper;
  /**
   * On start: resumes what was approved but never ran, re-schedules open requests under the
   * current settings and sweeps once, to catch up on what fell due while the bot was down.
   */
  catchUp(): Promise<void>;
  /** Sweeps on REMINDER_CRON from now on. */
  startCron(start?: StartCron): CronJob;
}

export interface ScheduleOptions {
  /** REMINDER_CRON. */
  readonly cron: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createSchedule(
  engine: Engine,
  runner: ExecutionRunner,
  { cron, clock, logger }: ScheduleOptions,
): Schedule {
  const sweeper = new Sweeper({
    store: engine.store,
    requests: engine.requests,
    runner,
    schedule: engine.schedule,
    clock,
    logger,
    delegations: engine.delegations,
    // A restart takes over at once what the process it replaces left running.
    orphans: engine.claimOrphanedLeases,
  });
  const sweep = async () => {
    const report = await sweeper.sweep();
    const done = Object.entries(report).filter(([, count]) => count > 0);
    if (done.length > 0) {
      logger.info(`sweep: ${done.map(([what, count]) => `${what} ${count}`).join(", ")}`);
    }
  };
  return {
    sweeper,
    catchUp: async () => {
      const resumed = await runner.resume();
      if (resumed > 0) logger.info(`Resumed ${resumed} approved request(s) that had not run yet.`);
      // Settings may have changed since the schedule was written; then catch up on what is due.
      await sweeper.rescheduleOpen();
      await sweep();
    },
    startCron: (start) => startCronJob(cron, sweep, logger, start),
  };
}
