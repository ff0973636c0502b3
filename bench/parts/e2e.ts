/** Part 2: whole approvals per second, from the form to the checker's message saying Finished. */
import { ENGINE_LABEL } from "../lib/databases.ts";
import { ms, perSecond, seconds } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { describeFailures, passed } from "../load/accounting.ts";
import { type FlowResult, runFlows } from "../load/e2e-flows.ts";
import { verifyTrail } from "../load/verify-trail.ts";
import { SLACK_LATENCY_MS, startWorld } from "../load/world.ts";
import type { Part } from "./part.ts";

/** Concurrent maker–checker pairs, and how many requests each sees through. */
const LEVELS = { full: [1, 10, 50], quick: [2] } as const;
const flowsPerClient = (clients: number, quick: boolean) =>
  quick ? 2 : Math.max(4, Math.ceil(20 / clients));

export const e2e: Part = {
  id: "e2e",
  title: "End-to-end approvals per second",
  async run({ engines, quick, seed, log }) {
    const rows: string[][] = [];
    const problems: string[] = [];
    for (const engine of engines) {
      for (const clients of quick ? LEVELS.quick : LEVELS.full) {
        log(`e2e: ${engine}, ${clients} pairs`);
        const world = await startWorld("bot", engine, seed);
        let result: FlowResult;
        let verified: { ok: boolean; summary: string };
        try {
          result = await runFlows(world, {
            clients,
            flowsPerClient: flowsPerClient(clients, quick),
            seed,
          });
          await world.stopApp();
          verified = await verifyTrail(world.database.target);
        } finally {
          await world.close();
        }
        const where = `e2e on ${engine} with ${clients} pairs`;
        if (!passed(result.checks)) problems.push(`${where}: ${describeFailures(result.checks)}`);
        if (!verified.ok) problems.push(`${where}: ${verified.summary}`);
        log(
          `  ${result.flows} approvals in ${seconds(result.wallMs)}: ${perSecond(result.perSecond)}`,
        );
        rows.push([
          ENGINE_LABEL[engine],
          String(clients),
          String(result.flows),
          perSecond(result.perSecond),
          `${ms(result.total.p50)} / ${ms(result.total.p95)}`,
          ms(result.toChecker.p50),
          ms(result.toFinished.p50),
          passed(result.checks) && verified.ok ? "✓" : "✗",
        ]);
      }
    }
    return {
      markdown: [
        `Pairs of a maker and a checker, each pair seeing one request through at a time: \`/request\`, the form submitted, the checker's DM arriving, Approve clicked, the action run against the local webhook target, and the checker's DM edited to say Finished. Slack answers after ${SLACK_LATENCY_MS.min}–${SLACK_LATENCY_MS.max} ms. Throughput is finished approvals per second of the run; latencies are from submitting the form. The last column: every request FINISHED, each webhook delivered once, audit chain verified.`,
        table(
          [
            "database",
            "pairs at once",
            "approvals",
            "approvals/s",
            "submit → Finished p50 / p95",
            "submit → checker's DM p50",
            "Approve → Finished p50",
            "all finished, once",
          ],
          rows,
        ),
      ].join("\n\n"),
      problems,
    };
  },
};
