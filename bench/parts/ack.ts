/** Part 1: how fast Slack gets its answer under load, and that nothing is lost or doubled. */
import { ENGINE_LABEL } from "../lib/databases.ts";
import { count, ms, perSecond, seconds, verdict } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { durable, formsNotOpened, passed } from "../load/accounting.ts";
import { type AckRun, runProblems } from "../load/ack-run.ts";
import { ACK_KINDS } from "../load/ack-scenario.ts";
import { SLACK_LATENCY_MS } from "../load/world.ts";
import type { Part } from "./part.ts";
import { ackLevels } from "./runs.ts";

/** The issue's targets. */
const P99_TARGET_MS = 100;
const P99_TARGET_CLIENTS = 200;
const SLACK_DEADLINE_MS = 3000;
const DEADLINE_TARGET_CLIENTS = 500;

/**
 * "✓ 750 requests, 1,650 events, …; chain verified", or what did not add up; then the forms that
 * never opened, if any.
 */
function accountingCell(run: AckRun): string {
  const found = (what: string) => run.checks.find((c) => c.what === what)?.found ?? 0;
  const wrong = durable(run.checks).filter((c) => c.expected !== c.found);
  const parts =
    run.kind === "bot"
      ? [
          `${count(found("requests"))} requests`,
          `${count(found("audit events in all"))} events`,
          `${count(found("outbox rows delivered"))} outbox rows sent`,
          `${count(found("webhook deliveries"))} webhooks`,
        ]
      : [`${count(found("requests"))} rows`, `${count(found("webhook deliveries"))} webhooks`];
  const verify = run.verify ? `; ${run.verify.ok ? "chain verified" : run.verify.summary}` : "";
  const stored =
    wrong.length > 0
      ? `✗ ${wrong.map((c) => `${c.what} ${count(c.found)} ≠ ${count(c.expected)}`).join(", ")}`
      : `✓ ${parts.join(", ")}${verify}`;
  const forms = formsNotOpened(run.checks);
  return forms.missing > 0
    ? `${stored}; ${forms.missing} of ${forms.of} forms did not open (trigger expired)`
    : stored;
}

function latencyRow(run: AckRun): string[] {
  return [
    ENGINE_LABEL[run.engine],
    String(run.clients),
    count(run.ops),
    perSecond(run.throughput),
    ms(run.all.p50),
    ms(run.all.p95),
    ms(run.all.p99),
    ms(run.all.max),
    String(run.over3s),
  ];
}

const LATENCY_HEADER = [
  "database",
  "clients",
  "requests",
  "throughput",
  "p50",
  "p95",
  "p99",
  "max",
  "over 3 s",
];

export const ack: Part = {
  id: "ack",
  title: "Ack latency under load",
  async run({ engines, quick, runs, log }) {
    const all: AckRun[] = [];
    for (const engine of engines) {
      for (const clients of ackLevels(quick)) {
        log(`ack: the bot on ${engine}, ${clients} clients`);
        all.push(await runs.get("bot", engine, clients));
      }
    }
    const main = table(
      [...LATENCY_HEADER, "bot CPU / loop lag p99", "Slack caught up", "nothing lost or doubled"],
      all.map((run) => [
        ...latencyRow(run),
        `${Math.round(run.appCpu * 100)} % / ${ms(run.appLoopDelayP99)}`,
        seconds(run.drainMs),
        accountingCell(run),
      ]),
    );
    const byKind = table(
      ["database", "clients", ...ACK_KINDS.map((kind) => `${kind} p50 / p99`), "generator lag p99"],
      all.map((run) => [
        ENGINE_LABEL[run.engine],
        String(run.clients),
        ...ACK_KINDS.map((kind) => `${ms(run.byKind[kind].p50)} / ${ms(run.byKind[kind].p99)}`),
        ms(run.generatorDelayP99),
      ]),
    );
    const at = (engine: string, clients: number) =>
      all.find((run) => run.engine === engine && run.clients === clients);
    const targets = table(
      ["target", ...engines.map((engine) => ENGINE_LABEL[engine])],
      [
        [
          `p99 under ${P99_TARGET_MS} ms at ${P99_TARGET_CLIENTS} clients (PostgreSQL)`,
          ...engines.map((engine) => {
            const run = at(engine, P99_TARGET_CLIENTS);
            if (!run) return "not run";
            const met = run.all.p99 < P99_TARGET_MS;
            return engine === "postgres"
              ? `${ms(run.all.p99)}: ${verdict(met)}`
              : `${ms(run.all.p99)} (the target is PostgreSQL's)`;
          }),
        ],
        [
          `no ack over 3 s at ${DEADLINE_TARGET_CLIENTS} clients`,
          ...engines.map((engine) => {
            const run = at(engine, DEADLINE_TARGET_CLIENTS);
            return run
              ? `max ${ms(run.all.max)}: ${verdict(run.all.max <= SLACK_DEADLINE_MS)}`
              : "not run";
          }),
        ],
        [
          "nothing lost or doubled (requests, events, outbox, webhooks), audit chain intact",
          ...engines.map((engine) => {
            const mine = all.filter((run) => run.engine === engine);
            return verdict(
              mine.every((run) => passed(durable(run.checks)) && run.verify?.ok !== false),
            );
          }),
        ],
        [
          "every form opened (Slack's trigger_id expires 3 s after the click)",
          ...engines.map((engine) => {
            const missed = all
              .filter((run) => run.engine === engine)
              .map((run) => ({ clients: run.clients, ...formsNotOpened(run.checks) }))
              .filter((forms) => forms.missing > 0);
            const where = missed.map((f) => `${f.missing} of ${f.of} at ${f.clients}`).join(", ");
            return missed.length > 0 ? `${verdict(false)}: ${where}` : verdict(true);
          }),
        ],
      ],
    );
    return {
      markdown: [
        `Each run: a fresh database and bot process; ${ACK_KINDS.join(", ")} requests in the proportions 25 / 35 / 30 / 10 %, shuffled (seeded), sent by that many clients at once, each sending its next request as soon as the previous one is answered. The Slack stand-in answers the bot's Web API calls after ${SLACK_LATENCY_MS.min}–${SLACK_LATENCY_MS.max} ms. Latency is from sending the signed POST /slack/events to its answer. "Slack caught up" is how long after the last answer the last effect landed (every approved action run, every outbox message in Slack).`,
        main,
        'By kind of request: a submission is answered once the request is saved (or with a "saving" screen after 2.5 s); the others are answered before any work. The last column is the load generator\'s own event-loop lag (p99): when high, part of every latency above is the generator, which also hosts the Slack stand-in, being busy.',
        byKind,
        targets,
      ].join("\n\n"),
      problems: all.flatMap(runProblems),
    };
  },
};
