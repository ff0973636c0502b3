/**
 * The ack-latency load: a shuffled mix of slash commands, form submissions and Approve / Decline
 * clicks on real pending requests, from `clients` people at once, against the app's
 * POST /slack/events; then the accounting once everything the load set off has finished.
 */
import { ACTION } from "../../src/slack/ids.ts";
import type { StoredView } from "../../test/support/slack/workspace.ts";
import type { ProcessSample } from "../app/ipc.ts";
import { type Random, seeded, shuffled } from "../lib/random.ts";
import { type Summary, summarize } from "../lib/stats.ts";
import { account, type Check, durable, expiredTriggers, passed, type Sent } from "./accounting.ts";
import { closedLoop, inParallel, type Op, until } from "./closed-loop.ts";
import {
  type MessageButton,
  messagesWithButton,
  openForm,
  submitForm,
  waiverAnswers,
} from "./forms.ts";
import { ACTION_ID, type World } from "./world.ts";

export type AckKind = "command" | "submission" | "approve" | "decline";
export const ACK_KINDS: readonly AckKind[] = ["command", "submission", "approve", "decline"];

/** The mix of a busy day: forms opened and filed, and decisions on earlier requests. */
const MIX: Record<AckKind, number> = {
  command: 0.25,
  submission: 0.35,
  approve: 0.3,
  decline: 0.1,
};

/** How many checkers share the decisions; each request has one. */
const CHECKERS = 20;
/** Setting up (filing the requests to click on, opening forms) goes this many at a time. */
const SETUP_PARALLEL = 20;

export interface AckPlan {
  readonly clients: number;
  /** Requests sent in all, split by the mix. */
  readonly ops: number;
  readonly seed: number;
  /** How long to wait for what the load set off (executions, outbox) to finish. */
  readonly settleTimeoutMs: number;
  /** Idle means started and left alone this long (start-up garbage collected, timers settled). */
  readonly idleMs: number;
}

export interface AckResult {
  readonly clients: number;
  readonly wallMs: number;
  readonly throughput: number;
  readonly all: Summary;
  readonly byKind: Record<AckKind, Summary>;
  readonly failed: number;
  readonly failures: readonly string[];
  readonly over3s: number;
  readonly generatorDelayP99: number;
  /** Setting up: filing the requests to click on and opening the forms to submit. */
  readonly prepareMs: number;
  /**
   * From the last answer to the last effect: every approved action run, every message in Slack.
   * How far behind the load the outbox and the executions fell.
   */
  readonly drainMs: number;
  readonly expiredTriggers: number;
  readonly checks: readonly Check[];
  /** The app idle after its start, and once the load drained. */
  readonly idle: ProcessSample;
  readonly after: ProcessSample;
  /** The app's CPU time over the measured run, as a share of one core (1 = one core flat out). */
  readonly appCpu: number;
  /** The app's event-loop delay over the measured run (p99, ms). */
  readonly appLoopDelayP99: number;
}

interface Targets {
  readonly approve: readonly MessageButton[];
  readonly decline: readonly MessageButton[];
  readonly forms: readonly { user: string; form: StoredView }[];
}

/** Files `count` requests through the app and waits until their checkers have the message. */
async function fileRequests(world: World, random: Random, count: number) {
  const checkers = Array.from({ length: CHECKERS }, (_, i) => world.person("checker", i));
  const answers = Array.from({ length: count }, (_, i) =>
    waiverAnswers(random, checkers[i % CHECKERS] as string),
  );
  await inParallel(answers, SETUP_PARALLEL, async (filled, i) => {
    const maker = world.person("maker", i);
    const saved = await submitForm(world, maker, await openForm(world, maker), filled);
    if (!saved.ok) throw new Error(`could not file a request: ${saved.detail}`);
  });
  let found: MessageButton[] = [];
  const delivered = await until(async () => {
    found = messagesWithButton(world, checkers, ACTION.approve);
    return found.length >= count;
  }, 120_000);
  if (!delivered) throw new Error(`only ${found.length} of ${count} checker messages arrived`);
  return found;
}

async function prepare(world: World, random: Random, counts: Record<AckKind, number>) {
  const pending = await fileRequests(world, random, counts.approve + counts.decline);
  const mixed = shuffled(random, pending);
  const forms = await inParallel(
    Array.from({ length: counts.submission }, (_, i) => world.person("maker", pending.length + i)),
    SETUP_PARALLEL,
    async (user) => ({ user, form: await openForm(world, user) }),
  );
  return {
    approve: mixed.slice(0, counts.approve),
    decline: mixed.slice(counts.approve),
    forms,
  } satisfies Targets;
}

function operations(world: World, random: Random, targets: Targets, commands: number) {
  const click = (kind: "approve" | "decline", target: MessageButton): Op<AckKind> => ({
    kind,
    run: async () => {
      const actionId = kind === "approve" ? ACTION.approve : ACTION.decline;
      const response = await world.driver.click(target.user, { actionId, messageTs: target.ts });
      return { ms: response.elapsedMs, ok: response.status === 200, detail: response.body };
    },
  });
  const ops: Op<AckKind>[] = [
    ...Array.from({ length: commands }, (_, i): Op<AckKind> => {
      const user = world.person("opener", i);
      return {
        kind: "command",
        run: async () => {
          const response = await world.driver.command(user, ACTION_ID);
          return { ms: response.elapsedMs, ok: response.status === 200, detail: response.body };
        },
      };
    }),
    ...targets.forms.map(({ user, form }): Op<AckKind> => {
      const answers = waiverAnswers(
        random,
        world.person("checker", Math.floor(random() * CHECKERS)),
      );
      return { kind: "submission", run: () => submitForm(world, user, form, answers) };
    }),
    ...targets.approve.map((target) => click("approve", target)),
    ...targets.decline.map((target) => click("decline", target)),
  ];
  return shuffled(random, ops);
}

export async function runAckLoad(world: World, plan: AckPlan): Promise<AckResult> {
  const random = seeded(plan.seed);
  const counts = Object.fromEntries(
    ACK_KINDS.map((kind) => [kind, Math.max(1, Math.round(plan.ops * MIX[kind]))]),
  ) as Record<AckKind, number>;
  await new Promise((resolve) => setTimeout(resolve, plan.idleMs));
  const idle = await world.app.sample();
  const preparing = performance.now();
  const targets = await prepare(world, random, counts);
  const prepareMs = performance.now() - preparing;
  const ops = operations(world, random, targets, counts.command);
  const fromCall = world.standIn.calls.length;
  const before = await world.app.sample();
  const load = await closedLoop(ops, plan.clients);
  const during = await world.app.sample();
  const appCpu = (during.cpuMs - before.cpuMs) / load.wallMs;
  const draining = performance.now();
  const okCount = (kind: AckKind) => load.samples.filter((s) => s.kind === kind && s.ok).length;
  const sent: Sent = {
    prepared: counts.approve + counts.decline,
    submissions: okCount("submission"),
    approvals: okCount("approve"),
    formsOpened: okCount("command") + okCount("decline"),
    fromCall,
  };
  await until(
    async () => passed(durable(await account(world, world.app.kind, sent))),
    plan.settleTimeoutMs,
  );
  const drainMs = performance.now() - draining;
  // Settled: anything arriving now would be a duplicate.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const checks = await account(world, world.app.kind, sent);
  const failedSamples = load.samples.filter((s) => !s.ok);
  const ms = (kind?: AckKind) =>
    load.samples.filter((s) => kind === undefined || s.kind === kind).map((s) => s.ms);
  return {
    clients: plan.clients,
    wallMs: load.wallMs,
    throughput: (load.samples.length / load.wallMs) * 1000,
    all: summarize(ms()),
    byKind: Object.fromEntries(ACK_KINDS.map((kind) => [kind, summarize(ms(kind))])) as Record<
      AckKind,
      Summary
    >,
    failed: failedSamples.length,
    failures: [...new Set(failedSamples.map((s) => `${s.kind}: ${s.detail ?? ""}`))].slice(0, 5),
    over3s: load.samples.filter((s) => s.ms > 3000).length,
    generatorDelayP99: load.generatorDelayP99,
    prepareMs,
    drainMs,
    expiredTriggers: expiredTriggers(world, fromCall),
    checks,
    idle,
    after: await world.app.sample(),
    appCpu,
    appLoopDelayP99: during.loopDelayP99,
  };
}
