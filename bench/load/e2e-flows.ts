/**
 * Whole approvals, as people do them: the maker files a request, the checker gets a DM and clicks
 * Approve, the action runs against the webhook target, and the checker's message is edited to
 * say it finished. `clients` such pairs at once, each starting its next request when the last
 * one finished.
 */
import { ACTION } from "../../src/slack/ids.ts";
import { messageText } from "../../test/e2e/harness.ts";
import { elementsOf } from "../../test/support/slack/block-kit-elements.ts";
import type { RecordedCall } from "../../test/support/slack/stand-in.ts";
import { seeded } from "../lib/random.ts";
import { type Summary, summarize } from "../lib/stats.ts";
import type { Check } from "./accounting.ts";
import { openForm, submitForm, waiverAnswers } from "./forms.ts";
import type { World } from "./world.ts";

/** A flow waits at most this long for each thing it expects from the bot. */
const WAIT_MS = 300_000;

export interface FlowPlan {
  readonly clients: number;
  readonly flowsPerClient: number;
  readonly seed: number;
}

export interface FlowResult {
  readonly clients: number;
  readonly flows: number;
  readonly wallMs: number;
  readonly perSecond: number;
  /** From submitting the form to the checker's message saying Done. */
  readonly total: Summary;
  /** From submitting the form to the checker's DM arriving. */
  readonly toChecker: Summary;
  /** From the checker's click to their message saying Done. */
  readonly toFinished: Summary;
  readonly checks: readonly Check[];
}

const hasButton = (call: RecordedCall, actionId: string) =>
  Array.isArray(call.args.blocks) &&
  call.args.blocks.some((block) => elementsOf(block).some((e) => e.action_id === actionId));

async function flow(
  world: World,
  maker: string,
  checker: string,
  answers: () => ReturnType<typeof waiverAnswers>,
) {
  const form = await openForm(world, maker);
  const from = world.standIn.calls.length;
  const submitted = performance.now();
  const saved = await submitForm(world, maker, form, answers());
  if (!saved.ok) throw new Error(`the request was not saved: ${saved.detail}`);
  const dm = world.standIn.dmChannelOf(checker);
  const posted = await world.standIn.waitFor(
    (call) =>
      call.method === "chat.postMessage" &&
      !call.failed &&
      call.response.channel === dm &&
      hasButton(call, ACTION.approve),
    { fromIndex: from, timeoutMs: WAIT_MS },
  );
  const ts = String(posted.response.ts);
  const reached = performance.now();
  const clickFrom = world.standIn.calls.length;
  const click = await world.driver.click(checker, { actionId: ACTION.approve, messageTs: ts });
  if (click.status !== 200) throw new Error(`the click was answered ${click.status}`);
  await world.standIn.waitFor(
    (call) =>
      call.method === "chat.update" &&
      !call.failed &&
      call.args.ts === ts &&
      /\bDone\b/.test(messageText(call.args)) &&
      !hasButton(call, ACTION.approve),
    { fromIndex: clickFrom, timeoutMs: WAIT_MS },
  );
  const finished = performance.now();
  return {
    total: finished - submitted,
    toChecker: reached - submitted,
    toFinished: finished - reached,
  };
}

export async function runFlows(world: World, plan: FlowPlan): Promise<FlowResult> {
  const random = seeded(plan.seed);
  const timings: Awaited<ReturnType<typeof flow>>[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, i) => {
      const maker = world.person("maker", i);
      const checker = world.person("checker", i);
      for (let n = 0; n < plan.flowsPerClient; n++) {
        timings.push(await flow(world, maker, checker, () => waiverAnswers(random, checker)));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const flows = plan.clients * plan.flowsPerClient;
  const counts = await world.app.counts();
  const keys = world.webhook.received.map((delivery) => delivery.headers["idempotency-key"]);
  return {
    clients: plan.clients,
    flows,
    wallMs,
    perSecond: (flows / wallMs) * 1000,
    total: summarize(timings.map((t) => t.total)),
    toChecker: summarize(timings.map((t) => t.toChecker)),
    toFinished: summarize(timings.map((t) => t.toFinished)),
    checks: [
      { what: "requests", expected: flows, found: counts.requests ?? 0 },
      { what: "finished", expected: flows, found: counts["status:FINISHED"] ?? 0 },
      { what: "webhook deliveries", expected: flows, found: keys.length },
      { what: "distinct idempotency keys", expected: flows, found: new Set(keys).size },
    ],
  };
}
