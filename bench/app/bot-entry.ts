/**
 * The real bot, alone in its process, for the load benchmarks: configured from the environment
 * the parent passes (stand-in Slack, scratch database, actions file), as `npm start` would be.
 * Two differences, both to keep the measurement about Slack's traffic: the reminder cron never
 * fires (the sweep has its own benchmark), and only warnings and errors are logged, to stderr.
 */

import type { Logger } from "../../src/core/logger.ts";
import type { PrismaClient } from "../../src/generated/prisma/client.ts";
import { serve } from "./ipc.ts";

// The bot as `npm start` runs it: compiled, from dist/ (bench/main.ts builds it when stale).
// BENCH_FROM_SOURCE=1 runs src/ through tsx instead, to compare the two.
const fromSource = Boolean(process.env.BENCH_FROM_SOURCE);
const code = (file: string) =>
  new URL(fromSource ? `../../src/${file}.ts` : `../../dist/${file}.js`, import.meta.url).href;
const { startBot } = (await import(
  code("app/start-bot")
)) as typeof import("../../src/app/start-bot.ts");
const { loadAppConfig } = (await import(
  code("config/app-config")
)) as typeof import("../../src/config/app-config.ts");
const { silentLogger } = (await import(
  code("core/logger")
)) as typeof import("../../src/core/logger.ts");

const logger: Logger = {
  ...silentLogger,
  warn: (message) => console.error(`warning: ${message}`),
  error: (message) => console.error(`error: ${message}`),
  child: () => logger,
};

const started = performance.now();
const bot = await startBot({
  config: loadAppConfig(process.env),
  env: process.env,
  logger,
  startCron: () => ({ stop: () => {} }),
});
const bootMs = performance.now() - started;

/** What the accounting after a run compares with what was sent. */
async function counts(prisma: PrismaClient): Promise<Record<string, number>> {
  const [totals] = await prisma.$queryRaw<Record<string, number>[]>`
    SELECT
      (SELECT count(*)::int FROM requests) AS requests,
      (SELECT count(*)::int FROM requests WHERE status IN ('APPROVED', 'EXECUTING')) AS running,
      (SELECT count(*)::int FROM audit_events) AS events,
      (SELECT count(*)::int FROM outbox_messages) AS outbox,
      (SELECT count(*)::int FROM outbox_messages
        WHERE status = 'SENT' AND sent_revision = revision) AS "outboxDelivered",
      (SELECT count(*)::int FROM outbox_messages WHERE status = 'DEAD') AS "outboxDead"`;
  const byStatus = await prisma.$queryRaw<{ key: string; n: number }[]>`
    SELECT 'status:' || status AS key, count(*)::int AS n FROM requests GROUP BY status
    UNION ALL
    SELECT 'event:' || type, count(*)::int FROM audit_events GROUP BY type`;
  return { ...totals, ...Object.fromEntries(byStatus.map((row) => [row.key, row.n])) };
}

serve(
  { port: bot.port ?? 0, bootMs },
  {
    counts: () => counts(bot.engine.database.prisma),
    stop: () => bot.stop(),
  },
);
