import { describe, expect, it } from "vitest";
import { type StartCron, startCronJob } from "../../src/scheduler/cron-job.ts";
import { collectingLogger } from "../support/logger.ts";

/** A cron that fires only when the test says so. */
function fakeCron() {
  const fake = {
    expression: null as string | null,
    task: null as (() => Promise<void>) | null,
    stopped: false,
    /** What node-cron would do at the next tick: call the task. */
    fire: () => {
      if (!fake.task || fake.stopped) throw new Error("the cron is not running");
      return fake.task();
    },
  };
  const start: StartCron = (expression, task) => {
    fake.expression = expression;
    fake.task = task;
    return {
      stop: () => {
        fake.stopped = true;
      },
    };
  };
  return { fake, start };
}

/** A task whose runs each wait until the test finishes them (or fails them). */
function controlledTask() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let runs = 0;
  const task = () => {
    runs++;
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    task,
    runs: () => runs,
    finish: () => pending.shift()?.resolve(),
    fail: (error: Error) => pending.shift()?.reject(error),
  };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const { logger, lines } = collectingLogger();
  const cron = fakeCron();
  const task = controlledTask();
  const job = startCronJob("*/1 * * * *", task.task, logger, cron.start);
  return { job, lines, task, fake: cron.fake };
}

describe("startCronJob", () => {
  it("schedules the task on the expression", async () => {
    const { fake, task } = setup();
    expect(fake.expression).toBe("*/1 * * * *");
    expect(task.runs()).toBe(0);
    const run = fake.fire();
    expect(task.runs()).toBe(1);
    task.finish();
    await run;
  });

  it("skips a trigger while a run is in progress, and runs at the next one after", async () => {
    const { fake, task } = setup();
    const first = fake.fire();
    await fake.fire();
    await fake.fire();
    expect(task.runs()).toBe(1);
    task.finish();
    await first;
    const second = fake.fire();
    expect(task.runs()).toBe(2);
    task.finish();
    await second;
  });

  it("logs a failed run and runs again at the next trigger", async () => {
    const { fake, task, lines } = setup();
    const failed = fake.fire();
    task.fail(new Error("database unreachable"));
    // The failure is the cron job's to report: the trigger itself does not reject.
    await expect(failed).resolves.toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^error: sweep failed: .*database unreachable/)]);
    const next = fake.fire();
    expect(task.runs()).toBe(2);
    task.finish();
    await next;
    expect(lines).toHaveLength(1);
  });

  it("stop() waits for the run in progress, and no run starts after it", async () => {
    const { job, fake, task } = setup();
    const run = fake.fire();
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(fake.stopped).toBe(true);
    expect(stopped).toBe(false);
    task.finish();
    await stopping;
    await run;
    expect(stopped).toBe(true);
    // A tick that was already on its way when the cron stopped does nothing.
    fake.stopped = false;
    await fake.fire();
    expect(task.runs()).toBe(1);
  });

  it("stop() with no run in progress returns at once", async () => {
    const { job, fake, task } = setup();
    await job.stop();
    expect(fake.stopped).toBe(true);
    fake.stopped = false;
    await fake.fire();
    expect(task.runs()).toBe(0);
  });
});
