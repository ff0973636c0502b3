/**
 * How long building the Home tab takes with 100,000 requests: seeds a fresh database straight
 * through SQL, then times `renderHome(await loadHomeInput(...))` (the three queries the Home tab
 * runs side by side, then the pure rendering) for random viewers, with no filter, each filter,
 * a combination and deep pages, on PGlite (file-backed, in a temporary directory) and on
 * PostgreSQL (a scratch database, dropped afterwards). Prints EXPLAIN (ANALYZE, BUFFERS) of the
 * main queries and a Markdown table of median and p95 per case.
 *
 *   node --import tsx bench/home-view.ts [--requests 100000] [--iterations 200] [--only pglite|postgres]
 *     [--random-page-cost 1.1]
 *
 * PostgreSQL is BENCH_DATABASE_URL, or the local server at postgres://postgres@127.0.0.1:5432.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { systemClock } from "../src/core/clock.ts";
import { type Database, openDatabase } from "../src/db/database.ts";
import { PrismaRequestQuery } from "../src/db/prisma-request-query.ts";
import type { PageCursor, RequestFilter } from "../src/requests/request-query.ts";
import { REQUEST_STATUSES } from "../src/requests/status.ts";
import { type HomeSources, loadHomeInput } from "../src/slack/home/load-home.ts";
import { renderHome } from "../src/slack/views/home-view.ts";
import {
  ACTION_IDS,
  actions,
  ENVIRONMENTS,
  elsewhere,
  PEOPLE,
  PRODUCTION_ONLY_ACTION,
  RETIRED_CHECKERS,
  RETIRED_ENVIRONMENT,
  seedRequests,
  TEAMS,
  userId,
} from "./home/population.ts";
import { pick, type Random, seeded } from "./lib/random.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "100000" },
    iterations: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    only: { type: "string" },
    "random-page-cost": { type: "string" },
  },
});
const REQUESTS = Number(args.requests);
const ITERATIONS = Number(args.iterations);
const WARMUP = Number(args.warmup);
/** Tries the planner setting that keeps it off the whole-table walks (see docs/benchmarks.md). */
const RANDOM_PAGE_COST =
  args["random-page-cost"] === undefined ? undefined : Number(args["random-page-cost"]);
const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const anyone = (random: Random) => userId(Math.floor(random() * PEOPLE));
const departed = (random: Random) => userId(PEOPLE - 1 - Math.floor(random() * RETIRED_CHECKERS));

interface Case {
  readonly name: string;
  state(random: Random, viewer: string): { filter: RequestFilter; cursor: PageCursor };
}

const middle = (random: Random) => Math.floor(REQUESTS * (0.25 + random() * 0.5));
const first = {};
const CASES: readonly Case[] = [
  { name: "no filter", state: () => ({ filter: {}, cursor: first }) },
  {
    name: "environment",
    state: (r) => ({ filter: { environment: pick(r, ENVIRONMENTS) }, cursor: first }),
  },
  {
    name: "environment retired ½ year ago",
    state: () => ({ filter: { environment: RETIRED_ENVIRONMENT }, cursor: first }),
  },
  { name: "team", state: (r) => ({ filter: { team: pick(r, TEAMS) }, cursor: first }) },
  { name: "maker", state: (r) => ({ filter: { makerId: anyone(r) }, cursor: first }) },
  { name: "checker", state: (r) => ({ filter: { checkerId: anyone(r) }, cursor: first }) },
  {
    name: "checker who left ½ year ago",
    state: (r) => ({ filter: { checkerId: departed(r) }, cursor: first }),
  },
  { name: "checker = me", state: (_, me) => ({ filter: { checkerId: me }, cursor: first }) },
  { name: "action", state: (r) => ({ filter: { actionId: pick(r, ACTION_IDS) }, cursor: first }) },
  {
    name: "status",
    state: (r) => ({ filter: { status: pick(r, REQUEST_STATUSES) }, cursor: first }),
  },
  {
    name: "environment + action + status",
    state: (r) => ({
      filter: {
        environment: pick(r, ENVIRONMENTS),
        actionId: pick(r, ACTION_IDS),
        status: pick(r, REQUEST_STATUSES),
      },
      cursor: first,
    }),
  },
  {
    name: "action + environment it never runs in",
    state: (r) => ({
      filter: { actionId: PRODUCTION_ONLY_ACTION, environment: pick(r, elsewhere) },
      cursor: first,
    }),
  },
  {
    name: "team + checker + status",
    state: (r) => ({
      filter: { team: pick(r, TEAMS), checkerId: anyone(r), status: pick(r, REQUEST_STATUSES) },
      cursor: first,
    }),
  },
  {
    name: "deep page, no filter",
    state: (r) => ({ filter: {}, cursor: { olderThan: middle(r) } }),
  },
  {
    name: "deep page, status",
    state: (r) => ({
      filter: { status: pick(r, REQUEST_STATUSES) },
      cursor: { olderThan: middle(r) },
    }),
  },
  {
    name: "previous page, environment",
    state: (r) => ({
      filter: { environment: pick(r, ENVIRONMENTS) },
      cursor: { newerThan: middle(r) },
    }),
  },
];

interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly render: number;
  readonly rows: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(db: Database): Promise<Map<string, Timing>> {
  const sources: HomeSources = {
    query: new PrismaRequestQuery(db.prisma),
    actions,
    environments: ENVIRONMENTS,
    clock: systemClock,
    // No allow-lists here: everyone may request every action (a directory look-up in the bot).
    requestable: async () => actions.list(),
  };
  const results = new Map<string, Timing>();
  for (const [index, benchCase] of CASES.entries()) {
    const random = seeded(1000 + index);
    const totals: number[] = [];
    const renders: number[] = [];
    let rows = 0;
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const viewer = anyone(random);
      const state = benchCase.state(random, viewer);
      const started = performance.now();
      const input = await loadHomeInput(sources, viewer, state);
      const loaded = performance.now();
      const view = renderHome(input);
      const done = performance.now();
      if (view.blocks.length === 0) throw new Error("an empty Home tab");
      if (i < WARMUP) continue;
      totals.push(done - started);
      renders.push(done - loaded);
      rows += input.all.requests.length;
    }
    totals.sort((a, b) => a - b);
    renders.sort((a, b) => a - b);
    const timing = {
      median: percentile(totals, 50),
      p95: percentile(totals, 95),
      render: percentile(renders, 50),
      rows: rows / ITERATIONS,
    };
    results.set(benchCase.name, timing);
    console.log(
      `  ${benchCase.name.padEnd(30)} median ${ms(timing.median)}  p95 ${ms(timing.p95)}  ` +
        `(render ${ms(timing.render)}, ${timing.rows.toFixed(1)} rows on the page)`,
    );
  }
  return results;
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);

/**
 * The statements Prisma sends for the Home tab (seen with its query log), written out with
 * typical values: `has` becomes `@>`, counts select ids in a sub-query.
 */
const EXPLAINED: readonly { name: string; sql: string }[] = [
  {
    name: "list, no filter",
    sql: "SELECT * FROM requests ORDER BY number DESC LIMIT 21 OFFSET 0",
  },
  {
    name: "list, environment",
    sql: "SELECT * FROM requests WHERE environment = 'staging' ORDER BY number DESC LIMIT 21 OFFSET 0",
  },
  {
    name: "list, environment retired half a year ago",
    sql: `SELECT * FROM requests WHERE environment = '${RETIRED_ENVIRONMENT}' ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, team",
    sql: "SELECT * FROM requests WHERE team = 'Customer 250' ORDER BY number DESC LIMIT 21 OFFSET 0",
  },
  {
    name: "list, maker",
    sql: `SELECT * FROM requests WHERE maker_id = '${userId(42)}' ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, checker (GIN)",
    sql: `SELECT * FROM requests WHERE checker_ids @> ARRAY['${userId(142)}'] ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, checker who left half a year ago",
    sql: `SELECT * FROM requests WHERE checker_ids @> ARRAY['${userId(PEOPLE - 1)}'] ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, checker who checks nothing",
    sql: `SELECT * FROM requests WHERE checker_ids @> ARRAY['${userId(7)}'] ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, action",
    sql: "SELECT * FROM requests WHERE action_id = 'post-note' ORDER BY number DESC LIMIT 21 OFFSET 0",
  },
  {
    name: "list, status",
    sql: `SELECT * FROM requests WHERE status = CAST('EXECUTING'::text AS "RequestStatus") ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, environment + action + status",
    sql: `SELECT * FROM requests WHERE environment = 'production' AND action_id = 'refund' AND status = CAST('FAILED'::text AS "RequestStatus") ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, action + an environment it never runs in",
    sql: `SELECT * FROM requests WHERE environment = 'staging' AND action_id = '${PRODUCTION_ONLY_ACTION}' ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "list, deep page",
    sql: `SELECT * FROM requests WHERE number < ${Math.floor(REQUESTS / 2)} ORDER BY number DESC LIMIT 21 OFFSET 0`,
  },
  {
    name: "waitingFor: rows",
    sql: `SELECT * FROM requests WHERE status = CAST('PENDING'::text AS "RequestStatus") AND checker_ids @> ARRAY['${userId(142)}'] AND NOT approved_by @> ARRAY['${userId(142)}'] ORDER BY number ASC LIMIT 5 OFFSET 0`,
  },
  {
    name: "waitingFor: count",
    sql: `SELECT COUNT(*) FROM (SELECT id FROM requests WHERE status = CAST('PENDING'::text AS "RequestStatus") AND checker_ids @> ARRAY['${userId(142)}'] AND NOT approved_by @> ARRAY['${userId(142)}'] OFFSET 0) AS sub`,
  },
  {
    name: "madeBy: count",
    sql: `SELECT COUNT(*) FROM (SELECT id FROM requests WHERE maker_id = '${userId(42)}' OFFSET 0) AS sub`,
  },
];

async function explain(db: Database): Promise<void> {
  for (const { name, sql } of EXPLAINED) {
    const rows = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    );
    console.log(`\n-- ${name}\n${sql}`);
    for (const row of rows) console.log(`  ${row["QUERY PLAN"]}`);
  }
}

async function withPostgres<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const name = `four_eyes_bench_home_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  if (RANDOM_PAGE_COST !== undefined) {
    await admin.query(`ALTER DATABASE ${name} SET random_page_cost = ${RANDOM_PAGE_COST}`);
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    const db = await openDatabase({ kind: "postgres", url: url.toString() });
    try {
      return await run(db);
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function withPGlite<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-bench-"));
  try {
    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    // PGlite has one session, so a SET holds for every query that follows.
    if (RANDOM_PAGE_COST !== undefined) {
      await db.prisma.$executeRawUnsafe(`SET random_page_cost = ${RANDOM_PAGE_COST}`);
    }
    try {
      return await run(db);
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const engines = [
  { name: "PostgreSQL", key: "postgres", open: withPostgres },
  { name: "PGlite", key: "pglite", open: withPGlite },
].filter((engine) => args.only === undefined || args.only === engine.key);

const results = new Map<string, Map<string, Timing>>();
for (const engine of engines) {
  await engine.open(async (db) => {
    const seededIn = await seedRequests(db, REQUESTS);
    const [version] = await db.prisma.$queryRawUnsafe<{ version: string; cost: string }[]>(
      "SELECT version() AS version, current_setting('random_page_cost') AS cost",
    );
    console.log(
      `\n${engine.name} (${version?.version.split(",")[0]}, random_page_cost ${version?.cost}): ${REQUESTS} requests ${seededIn}`,
    );
    await explain(db);
    console.log(
      `\nHome tab, ${ITERATIONS} iterations per case after ${WARMUP} to warm up, random viewers:`,
    );
    results.set(engine.name, await measure(db));
  });
}

const names = [...results.keys()];
console.log(`\n| case | ${names.map((n) => `${n} median | ${n} p95`).join(" | ")} | rows shown |`);
console.log(`| --- | ${names.map(() => "---: | ---:").join(" | ")} | ---: |`);
for (const benchCase of CASES) {
  const cells = names.map((n) => {
    const t = results.get(n)?.get(benchCase.name);
    return t ? `${t.median.toFixed(1)} ms | ${t.p95.toFixed(1)} ms` : "- | -";
  });
  const rows = results.get(names[0] ?? "")?.get(benchCase.name)?.rows ?? 0;
  console.log(`| ${benchCase.name} | ${cells.join(" | ")} | ${rows.toFixed(1)} |`);
}
const over = [...results].flatMap(([engine, timings]) =>
  [...timings].filter(([, t]) => t.median >= 100).map(([name]) => `${engine}: ${name}`),
);
console.log(
  over.length
    ? `\nOver 100 ms at the median: ${over.join(", ")}`
    : "\nEvery case under 100 ms at the median.",
);
process.exit(0);
