/**
 * A year of requests, as the Home tab benchmarks see them: who, where and what, skewed like real
 * use, seeded straight through SQL (the same rows on every engine and every run).
 */
import type { Database } from "../../src/db/database.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";

// The population: 20 environments, 500 teams, 400 people (makers are the first 300, checkers the
// last 300, so 200 people are both), 8 actions. Skewed like real use: a few environments, teams
// and actions take most requests.
export const ENVIRONMENTS = [
  "production",
  "staging",
  "eu-production",
  "us-production",
  "sandbox",
  "dev",
  "qa",
  "uat",
  "eu-staging",
  "us-staging",
  "apac-production",
  "apac-staging",
  "perf",
  "demo",
  "partner-sandbox",
  "dr",
  "canary",
  "preview",
  "training",
  "legacy",
];
export const TEAMS = Array.from(
  { length: 500 },
  (_, i) => `Customer ${String(i + 1).padStart(3, "0")}`,
);
export const PEOPLE = 400;
const MAKERS = 300;
const CHECKER_BASE = 100;
/** The last checkers, who stopped checking half-way through the year (they left the company). */
export const RETIRED_CHECKERS = 10;
/** The last environment was retired half-way through the year too. */
export const RETIRED_ENVIRONMENT = "legacy";
if (ENVIRONMENTS.at(-1) !== RETIRED_ENVIRONMENT) throw new Error("retire the last environment");
export const userId = (index: number) => `U${100000 + index}`;
export const ACTION_IDS = [
  "billing-waiver",
  "refund",
  "feature-flag",
  "grant-access",
  "restart-service",
  "rotate-key",
  "delete-account",
  "post-note",
];

/** Runs only in these environments, so a filter on it and another environment finds nothing. */
export const PRODUCTION_ONLY_ACTION = "delete-account";
const PRODUCTION_ENVIRONMENTS = ["production", "eu-production", "us-production"];
export const elsewhere = ENVIRONMENTS.filter((e) => !PRODUCTION_ENVIRONMENTS.includes(e));

/** A uniform number in [0, 1) from the row number and a salt: the same data on every engine. */
const rnd = (salt: string) =>
  `(('x' || substr(md5(g::text || '${salt}'), 1, 7))::bit(28)::int / 268435456.0)`;
const sqlArray = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(",")}]`;

/**
 * Every NOT NULL column filled; statuses in the proportions of a year of use. Each layer computes
 * from the one below; `OFFSET 0` keeps PostgreSQL from inlining them into one another, which
 * would repeat the random draws many times over per row (and made the insert take 40 s).
 */
function seedSql(count: number): string {
  return `
INSERT INTO requests (id, number, action_id, environment, team, params, purpose, maker_id,
  checker_ids, approvals_required, approved_by, status, version, created_at, updated_at,
  decided_at, decided_by, decision_reason, execution_started_at, executed_at, result, error,
  duplicate_of_id, correlation_id, last_event_id)
SELECT gen_random_uuid(), g, action, environment, team,
  jsonb_build_object('invoice', 'in_' || g, 'amount', g % 1000, 'note', 'benchmark row'),
  'Asked for by ' || team || ' in ticket ' || g || ', see the thread for the details',
  maker, checkers, approvals,
  CASE WHEN status IN ('APPROVED', 'EXECUTING', 'FINISHED', 'FAILED') THEN checkers[1:approvals]
       WHEN status = 'PENDING' AND approvals = 2 AND partial THEN checkers[1:1]
       ELSE ARRAY[]::text[] END,
  status::"RequestStatus",
  CASE WHEN status = 'PENDING' THEN 0 WHEN status IN ('FINISHED', 'FAILED') THEN approvals + 2
       ELSE approvals END,
  created, created + interval '7 minutes',
  CASE WHEN status <> 'PENDING' THEN created + interval '5 minutes' END,
  CASE WHEN status IN ('APPROVED', 'EXECUTING', 'FINISHED', 'FAILED') THEN checkers[approvals]
       WHEN status = 'DECLINED' THEN checkers[1]
       WHEN status = 'CANCELLED' THEN maker
       WHEN status = 'EXPIRED' THEN 'system' END,
  CASE WHEN status = 'DECLINED' THEN 'Not without a ticket from the customer' END,
  CASE WHEN status IN ('EXECUTING', 'FINISHED', 'FAILED') THEN created + interval '6 minutes' END,
  CASE WHEN status IN ('FINISHED', 'FAILED') THEN created + interval '7 minutes' END,
  CASE WHEN status = 'FINISHED' THEN '{"ok": true}'::jsonb END,
  CASE WHEN status = 'FAILED' THEN 'HTTP 502 from the webhook' END,
  NULL, gen_random_uuid(), gen_random_uuid()
FROM (
  SELECT g, partial,
    (${sqlArray(ACTION_IDS)})[1 + act] AS action,
    (${sqlArray(ENVIRONMENTS)})[1 + env] AS environment,
    'Customer ' || lpad((1 + floor(${TEAMS.length} * power(r_team, 2))::int)::text, 3, '0') AS team,
    'U' || (100000 + m) AS maker,
    CASE WHEN two THEN ARRAY['U' || (100000 + c1), 'U' || (100000 + c2)]
         ELSE ARRAY['U' || (100000 + c1)] END AS checkers,
    CASE WHEN two AND r_two < 0.15 THEN 2 ELSE 1 END AS approvals,
    CASE WHEN r_status < 0.08 THEN 'PENDING' WHEN r_status < 0.09 THEN 'APPROVED'
         WHEN r_status < 0.10 THEN 'EXECUTING' WHEN r_status < 0.70 THEN 'FINISHED'
         WHEN r_status < 0.75 THEN 'FAILED' WHEN r_status < 0.87 THEN 'DECLINED'
         WHEN r_status < 0.95 THEN 'CANCELLED' ELSE 'EXPIRED' END AS status,
    timestamptz '2025-11-23 00:00:00+00' + make_interval(secs => g * ${(365 * 86400) / count}) AS created
  FROM (
    -- The second checker differs from the first and from the maker.
    SELECT *, CASE WHEN c2_ = m THEN ${CHECKER_BASE} + (c1 - ${CHECKER_BASE} + o + 1) % slots
                   ELSE c2_ END AS c2
    FROM (
      SELECT *, ${CHECKER_BASE} + (c1 - ${CHECKER_BASE} + o) % slots AS c2_
      FROM (
        -- A maker is never their own checker.
        SELECT *, CASE WHEN c1_ = m THEN ${CHECKER_BASE} + (c1_ - ${CHECKER_BASE} + 1) % slots
                       ELSE c1_ END AS c1
        FROM (
          SELECT *, ${CHECKER_BASE} + floor(slots * r_c1)::int AS c1_,
            1 + floor((slots - 2) * r_c2)::int AS o,
            CASE WHEN retired AND env0 = ${ENVIRONMENTS.length - 1} THEN 0
                 WHEN act = ${ACTION_IDS.indexOf(PRODUCTION_ONLY_ACTION)}
                   AND env0 NOT IN (${PRODUCTION_ENVIRONMENTS.map((e) => ENVIRONMENTS.indexOf(e)).join(", ")}) THEN 0
                 ELSE env0 END AS env
          FROM (
            -- In the second half of the year the last environment and the last checkers are gone;
            -- one action runs only in production environments (actions.yml can say so).
            SELECT g, floor(${ACTION_IDS.length} * power(${rnd("action")}, 2))::int AS act,
              ${rnd("team")} AS r_team,
              ${rnd("status")} AS r_status, ${rnd("two")} AS r_two, ${rnd("two")} < 0.35 AS two,
              ${rnd("partial")} < 0.5 AS partial, ${rnd("c1")} AS r_c1, ${rnd("c2")} AS r_c2,
              floor(${MAKERS} * ${rnd("maker")})::int AS m,
              floor(${ENVIRONMENTS.length} * power(${rnd("env")}, 2))::int AS env0,
              g > ${Math.floor(count / 2)} AS retired,
              CASE WHEN g > ${Math.floor(count / 2)} THEN ${PEOPLE - CHECKER_BASE - RETIRED_CHECKERS}
                   ELSE ${PEOPLE - CHECKER_BASE} END AS slots
            FROM generate_series(1, ${count}) AS g
            OFFSET 0
          ) raw
          OFFSET 0
        ) picks
        OFFSET 0
      ) first_checker
      OFFSET 0
    ) second_candidate
    OFFSET 0
  ) second_checker
) picked`;
}

/** Seeds and says how long it took: "inserted in 30.1 s, vacuumed and analyzed in 2.0 s". */
export async function seedRequests(db: Database, count: number): Promise<string> {
  const started = performance.now();
  await db.prisma.$executeRawUnsafe(seedSql(count));
  await db.prisma.$queryRawUnsafe(
    `SELECT setval(pg_get_serial_sequence('requests', 'number'), ${count})::text`,
  );
  const inserted = performance.now();
  // As autovacuum would leave a table that has been in use: statistics and visibility map set.
  await db.prisma.$executeRawUnsafe("VACUUM ANALYZE requests");
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `inserted in ${s(inserted - started)}, vacuumed and analyzed in ${s(performance.now() - inserted)}`;
}

export const actions = new ActionRegistry(
  ACTION_IDS.map((id) =>
    defineAction({
      id,
      title: id.replaceAll("-", " ").replace(/^./, (c) => c.toUpperCase()),
      params: [],
      execute: async () => ({ ok: true, result: null }),
    }),
  ),
);
