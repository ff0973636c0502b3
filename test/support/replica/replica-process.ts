/**
 * One bot process for the multi-process tests: the real bot (HTTP mode, real node-cron), with a
 * clock the test moves over IPC and one extra TypeScript action that is not idempotent.
 */
import { builtinActions } from "../../../src/actions/index.ts";
import { startBot } from "../../../src/app/start-bot.ts";
import { loadAppConfig } from "../../../src/config/app-config.ts";
import { ManualClock } from "../../../src/core/clock.ts";
import { defineAction } from "../../../src/factory/define-action.ts";
import { createAppLogger } from "../../../src/logging/app-logger.ts";
import { shutdownSignal } from "../../../src/start.ts";

export type ReplicaCommand = { readonly id: number } & (
  | { readonly type: "set-clock"; readonly at: string }
  | { readonly type: "sweep" }
);

export type ReplicaMessage =
  | { readonly type: "ready"; readonly port: number }
  | { readonly type: "done"; readonly id: number; readonly result?: unknown };

const clock = new ManualClock(process.env.TEST_CLOCK_START ?? new Date());

/** Calls ROCKET_URL and waits for its answer: the test holds it to kill the process mid-run. */
const launchRocket = defineAction({
  id: "launch-rocket",
  title: "Launch rocket",
  params: [{ name: "rocket", label: "Rocket", type: "text", required: true }],
  idempotent: false,
  async execute(ctx) {
    const response = await ctx.fetch(String(process.env.ROCKET_URL), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ number: ctx.request.number, rocket: ctx.request.params.rocket }),
      signal: ctx.signal,
    });
    return response.ok
      ? { ok: true, result: { launched: true } }
      : { ok: false, error: `launch control answered ${response.status}` };
  },
});

// JSON lines on stdout, as in production: the tests read them back across replicas.
const config = loadAppConfig(process.env);
const logs = createAppLogger({ logLevel: "info", logFormat: "json" });
const bot = await startBot({
  config,
  env: process.env,
  logger: logs.logger,
  redactValues: (values) => logs.redactValues(values),
  clock,
  modules: [...builtinActions, launchRocket],
  outboxPollMs: 50,
});

const send = (message: ReplicaMessage) => process.send?.(message);
process.on("message", async (command: ReplicaCommand) => {
  if (command.type === "set-clock") {
    clock.set(command.at);
    send({ type: "done", id: command.id });
  } else if (command.type === "sweep") {
    send({ type: "done", id: command.id, result: await bot.sweeper.sweep() });
  }
});
send({ type: "ready", port: bot.port ?? 0 });

const signal = await shutdownSignal();
console.log(`${signal}: stopping`);
await bot.stop();
process.disconnect?.();
process.exit(0);
