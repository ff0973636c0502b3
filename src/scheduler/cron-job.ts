import { schedule } from "node-cron";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";

export interface CronJob {
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/** Starts `task` on a cron schedule; node-cron by default, anything with its shape in tests. */
export type StartCron = (
  expression: string,
  task: () => Promise<void>,
  name?: string,
) => { stop(): void };

const nodeCron: StartCron = (expression, task, name = "sweep") => {
  const job = schedule(expression, task, { name, noOverlap: true });
  return { stop: () => void job.stop() };
};

/**
 * Runs `task` on `expression`, one run at a time. A run that fails is logged and the next one
 * tries again: the work it left is still due in the database.
 */
export function startCronJob(
  expression: string,
  task: () => Promise<void>,
  logger: Logger,
  start: StartCron = nodeCron,
  name = "sweep",
): CronJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    if (stopped || running) return;
    running = task()
      .catch((error: unknown) => logger.error(`${name} failed: ${describeError(error)}`))
      .finally(() => {
        running = null;
      });
    await running;
  };
  const job = start(expression, run, name);
  return {
    stop: async () => {
      stopped = true;
      job.stop();
      await running;
    },
  };
}
