/** Part 3: what the audit chain, the outbox and the rules cost, as a ratio to a naive bot. */
import { ENGINE_LABEL } from "../lib/databases.ts";
import { ms, perSecond, ratio, verdict } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { type AckRun, runProblems } from "../load/ack-run.ts";
import { ACK_KINDS } from "../load/ack-scenario.ts";
import type { Part } from "./part.ts";
import { ackLevels } from "./runs.ts";

/** The target: p99 ack within 1.5× of the baseline's. */
const P99_RATIO_TARGET = 1.5;

const versus = (bot: number, baseline: number, format: (n: number) => string) =>
  `${format(bot)} / ${format(baseline)}`;

export const baseline: Part = {
  id: "baseline",
  title: "The cost of the design: the bot against a minimal baseline",
  async run({ engines, quick, runs, log }) {
    const pairs: { bot: AckRun; base: AckRun }[] = [];
    for (const engine of engines) {
      for (const clients of ackLevels(quick)) {
        log(`baseline: ${engine}, ${clients} clients`);
        const bot = await runs.get("bot", engine, clients);
        pairs.push({ bot, base: await runs.get("baseline", engine, clients) });
      }
    }
    const ratios = table(
      [
        "database",
        "clients",
        "p50 bot / baseline",
        "ratio",
        "p99 bot / baseline",
        "ratio",
        "throughput bot / baseline",
        "ratio",
        `p99 within ${P99_RATIO_TARGET}×`,
      ],
      pairs.map(({ bot, base }) => {
        const p99 = bot.all.p99 / base.all.p99;
        return [
          ENGINE_LABEL[bot.engine],
          String(bot.clients),
          versus(bot.all.p50, base.all.p50, ms),
          ratio(bot.all.p50 / base.all.p50),
          versus(bot.all.p99, base.all.p99, ms),
          ratio(p99),
          versus(bot.throughput, base.throughput, perSecond),
          ratio(bot.throughput / base.throughput),
          verdict(p99 <= P99_RATIO_TARGET),
        ];
      }),
    );
    const byKind = table(
      ["database", "clients", ...ACK_KINDS.map((kind) => `${kind} p99 ratio`)],
      pairs.map(({ bot, base }) => [
        ENGINE_LABEL[bot.engine],
        String(bot.clients),
        ...ACK_KINDS.map((kind) => ratio(bot.byKind[kind].p99 / base.byKind[kind].p99)),
      ]),
    );
    return {
      markdown: [
        "The baseline (`bench/app/baseline-entry.ts`) is the same bot written the naive way: the same Bolt HTTP receiver, signature check, Web API client settings, Prisma adapter and database, the same Slack calls and the same webhook, but one table with one row per request: no audit chain, no outbox (messages are sent inline after the ack), no rules or directory look-ups. Both get the same load (the ack section's, same seed), each in a fresh process and database; the ratios are bot ÷ baseline from runs of the same `npm run bench`.",
        ratios,
        "p99 ratio by kind of request:",
        byKind,
      ].join("\n\n"),
      problems: pairs.flatMap(({ bot, base }) => [...runProblems(bot), ...runProblems(base)]),
    };
  },
};
