/** Part 6: the reminder sweep with 100,000 pending requests, of which 1,000 are due. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { startEngine } from "../../src/app/engine.ts";
import { loadEngineConfig } from "../../src/config/engine-config.ts";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import type { Database } from "../../src/db/database.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import { Sweeper } from "../../src/scheduler/sweeper.ts";
import { slackNotifier } from "../../src/slack/notifier.ts";
import { ENGINE_LABEL, withScratchDatabase } from "../lib/databases.ts";
import { count, ms } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { median } from "../lib/stats.ts";
import { ACTION_ID, AUDIT_KEY, actionsYaml, ENVIRONMENTS, WEBHOOK_ENV } from "../load/world.ts";
import type { Part } from "./part.ts";

const SIZES = { full: { pending: 100_000, due: 1_000 }, quick: { pending: 2_000, due: 20 } };
/** Sweeps timed with nothing due, for the cost of one cron tick that finds nothing. */
const EMPTY_SWEEPS = { full: 20, quick: 3 };
const HOUR_MS = 3_600_000;
/** STALE_AFTER's default: a pending request is reminded of after four hours. */
const STALE_AFTER_MS = 4 * HOUR_MS;

/**
 * `pending` requests waiting for one of 50 checkers, every (pending / due)th of them created over
 * four hours ago and so due for its first reminder; the rest created within the last 3½ hours.
 * Rows only: the sweep reads requests, not their history. Ids come from md5, so every run and
 * engine has the same rows.
 */
function seedSql(pending: number, due: number, now: Date): string {
  const every = Math.floor(pending / due);
  const at = `timestamptz '${now.toISOString()}'`;
  return `
INSERT INTO requests (id, number, action_id, environment, team, params, purpose, maker_id,
  checker_ids, approvals_required, approved_by, status, version, created_at, updated_at,
  correlation_id, last_event_id, reminders_sent, escalated_to, due_at)
SELECT md5('request' || g)::uuid, g, '${ACTION_ID}',
  (ARRAY[${ENVIRONMENTS.map((e) => `'${e}'`).join(", ")}])[1 + g % ${ENVIRONMENTS.length}],
  'Customer ' || lpad((1 + g % 500)::text, 3, '0'),
  jsonb_build_object('invoice_id', 'in_' || g), 'Benchmark request ' || g,
  'UMK' || lpad((g % 300)::text, 7, '0'), ARRAY['UCK' || lpad((g % 50)::text, 7, '0')], 1,
  ARRAY[]::text[], 'PENDING', 0, created, created, md5('request' || g)::uuid,
  md5('event' || g)::uuid, 0, ARRAY[]::text[], created + interval '${STALE_AFTER_MS} milliseconds'
FROM (
  SELECT g, CASE WHEN g % ${every} = 0
    THEN ${at} - interval '${STALE_AFTER_MS + 60_000} milliseconds' - make_interval(secs => g / 1000.0)
    ELSE ${at} - make_interval(secs => (g % 12600)) END AS created
  FROM generate_series(1, ${pending}) AS g
) seeded`;
}

async function explainClaim(db: Database): Promise<string> {
  const plan = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
    "EXPLAIN SELECT id, due_at FROM requests WHERE due_at <= now() ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED",
  );
  const scan = plan.map((row) => row["QUERY PLAN"]).find((line) => /Scan/.test(line)) ?? "?";
  return scan.replace(/^[\s>-]+/, "").replace(/\s+\(cost.*$/, "");
}

export const sweep: Part = {
  id: "sweep",
  title: "Reminder sweep",
  async run({ engines, quick, log }) {
    const mode = quick ? "quick" : "full";
    const { pending, due } = SIZES[mode];
    const rows: string[][] = [];
    const problems: string[] = [];
    const plans: string[] = [];
    for (const engine of engines) {
      log(`sweep: ${engine}, ${pending} pending, ${due} due`);
      await withScratchDatabase(engine, async (scratch) => {
        const actionsFile = path.join(scratch.dataDir, "actions.yml");
        // Nothing is approved here, so the webhook is never called.
        await writeFile(actionsFile, actionsYaml("http://127.0.0.1:9/unused"));
        const config = loadEngineConfig({ ...scratch.env, ACTIONS_FILE: actionsFile, AUDIT_KEY });
        // The bot's notifier, so each reminder queues the outbox rows it would in production.
        const core = await startEngine(config, {
          env: WEBHOOK_ENV,
          notifier: (actions) =>
            slackNotifier({
              actions,
              auditChannel: undefined,
              maxReminders: config.schedule.maxReminders,
            }),
        });
        try {
          const db = core.database;
          await db.prisma.$executeRawUnsafe(seedSql(pending, due, systemClock.now()));
          await db.prisma.$executeRawUnsafe(
            `SELECT setval(pg_get_serial_sequence('requests', 'number'), ${pending})`,
          );
          await db.prisma.$executeRawUnsafe("VACUUM ANALYZE requests");
          plans.push(`${ENGINE_LABEL[engine]}: ${await explainClaim(db)}`);
          const sweeper = new Sweeper({
            store: core.store,
            requests: core.requests,
            runner: new ExecutionRunner(core.requests, silentLogger),
            schedule: core.schedule,
            clock: systemClock,
            logger: silentLogger,
          });
          const started = performance.now();
          const report = await sweeper.sweep();
          const sweepMs = performance.now() - started;
          const empties: number[] = [];
          let remindedAgain = 0;
          for (let i = 0; i < EMPTY_SWEEPS[mode]; i++) {
            const t = performance.now();
            remindedAgain += (await sweeper.sweep()).reminded;
            empties.push(performance.now() - t);
          }
          const [written] = await db.prisma.$queryRawUnsafe<{ events: number; outbox: number }[]>(
            `SELECT (SELECT count(*)::int FROM audit_events WHERE type = 'REMINDER_SENT') AS events,
                    (SELECT count(*)::int FROM outbox_messages) AS outbox`,
          );
          if (report.reminded !== due || remindedAgain !== 0 || written?.events !== due) {
            problems.push(
              `sweep on ${engine}: reminded ${report.reminded} then ${remindedAgain} more, ${written?.events} events, expected ${due} once`,
            );
          }
          log(
            `  ${report.reminded} reminded in ${ms(sweepMs)}; nothing due: ${ms(median(empties))}`,
          );
          rows.push([
            ENGINE_LABEL[engine],
            count(pending),
            count(report.reminded),
            ms(sweepMs),
            ms(sweepMs / Math.max(1, report.reminded)),
            count(written?.outbox ?? 0),
            ms(median(empties)),
          ]);
        } finally {
          await core.close();
        }
      });
    }
    return {
      markdown: [
        `A fresh database per engine with ${count(pending)} PENDING requests inserted through SQL (one checker each, 50 checkers), ${count(due)} of them created over STALE_AFTER (4 h) ago and so due for a reminder, the rest younger. Then \`Sweeper.sweep()\` as the cron runs it: claim the due rows (\`claimDue\`, batches of 100; the plan: ${plans.join("; ")}), and for each one the reminder, a transaction appending a REMINDER_SENT event to the audit chain and queueing its messages in the outbox (not sent here). Then the same sweep ${EMPTY_SWEEPS[mode]} times with nothing due: the cost of every cron tick in between (median).`,
        table(
          [
            "database",
            "pending",
            "reminded",
            "sweep",
            "per reminder",
            "outbox rows queued",
            "sweep with nothing due",
          ],
          rows,
        ),
      ].join("\n\n"),
      problems,
    };
  },
};
