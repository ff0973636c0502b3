/** One ack-latency run from start to finish: a fresh world, the load, the accounting, verify. */
import type { ProcessSample } from "../app/ipc.ts";
import type { AppKind } from "../app/spawn.ts";
import type { EngineName } from "../lib/databases.ts";
import { describeFailures, durable, passed } from "./accounting.ts";
import { type AckResult, runAckLoad } from "./ack-scenario.ts";
import { verifyTrail } from "./verify-trail.ts";
import { startWorld, type World } from "./world.ts";

export interface AckRun extends AckResult {
  readonly kind: AppKind;
  readonly engine: EngineName;
  readonly ops: number;
  /** The audit trail after the run (the real bot only). */
  readonly verify: { readonly ok: boolean; readonly summary: string } | null;
  /** What the app logged as warnings and errors. */
  readonly problems: readonly string[];
  /** Its first start, on an empty database (migrations included). */
  readonly start: Startup;
  /** The real bot only: started again on the database the run filled, idle. */
  readonly restart: (Startup & { readonly idle: ProcessSample }) | null;
}

export interface Startup {
  readonly startupMs: number;
  readonly bootMs: number;
}

export interface AckRunOptions {
  readonly quick: boolean;
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** Idle means started and left alone this long (start-up garbage collected, timers settled). */
const idleMs = (quick: boolean) => (quick ? 100 : 2000);

/**
 * Enough requests for a p99 worth reading (a thousand), and at least two per client so that each
 * sends again after the first wave. More would not change the p99 much but would lengthen the
 * run: the real bot's outbox takes minutes to catch up after a thousand (see docs/benchmarks.md).
 */
function opsFor(clients: number, quick: boolean): number {
  return quick ? clients * 3 : Math.max(1000, clients * 2);
}

export async function ackRun(
  kind: AppKind,
  engine: EngineName,
  clients: number,
  options: AckRunOptions,
): Promise<AckRun> {
  const ops = opsFor(clients, options.quick);
  const world = await startWorld(kind, engine, options.seed);
  try {
    const result = await runAckLoad(world, {
      clients,
      ops,
      seed: options.seed,
      settleTimeoutMs: options.quick ? 20_000 : 300_000,
      idleMs: idleMs(options.quick),
    });
    const start = { startupMs: world.app.startupMs, bootMs: world.app.bootMs };
    const problems = [...world.app.problems];
    const restart = kind === "bot" ? await restartIdle(world, idleMs(options.quick)) : null;
    await world.stopApp();
    const verify = kind === "bot" ? await verifyTrail(world.database.target) : null;
    const run = { ...result, kind, engine, ops, verify, problems, start, restart };
    options.log(`  ${describeRun(run)}`);
    return run;
  } finally {
    await world.close();
  }
}

/** How long the bot takes to start on a database with data, and its size once idle. */
async function restartIdle(world: World, idle: number) {
  const app = await world.restartApp();
  await new Promise((resolve) => setTimeout(resolve, idle));
  return { startupMs: app.startupMs, bootMs: app.bootMs, idle: await app.sample() };
}

/** A run in one line, for the console. */
function describeRun(run: AckRun): string {
  const lost = passed(run.checks)
    ? "nothing lost"
    : `LOST/DOUBLED: ${describeFailures(run.checks)}`;
  return (
    `${run.kind} on ${run.engine}, ${run.clients} clients, ${run.ops} requests: ` +
    `${run.throughput.toFixed(0)}/s, p50 ${run.all.p50.toFixed(1)} ms, p99 ${run.all.p99.toFixed(1)} ms, ` +
    `max ${run.all.max.toFixed(0)} ms, app CPU ${(run.appCpu * 100).toFixed(0)}%, ${run.failed} failed, ${lost}, ` +
    `set up in ${(run.prepareMs / 1000).toFixed(1)} s, drained in ${(run.drainMs / 1000).toFixed(1)} s` +
    (run.verify ? `, ${run.verify.summary}` : "") +
    (run.problems.length ? `, ${run.problems.length} warnings/errors logged` : "")
  );
}

/** Why a run is not a valid measurement: data lost or doubled, a broken trail, failed requests. */
export function runProblems(run: AckRun): string[] {
  const where = `${run.kind} on ${run.engine} at ${run.clients} clients`;
  return [
    ...(passed(durable(run.checks)) ? [] : [`${where}: ${describeFailures(durable(run.checks))}`]),
    ...(run.verify && !run.verify.ok ? [`${where}: ${run.verify.summary}`] : []),
    ...(run.failed > 0
      ? [`${where}: ${run.failed} requests failed (${run.failures.join("; ")})`]
      : []),
  ];
}
