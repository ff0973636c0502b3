/**
 * The benchmarks of docs/benchmarks.md, run on this machine:
 *
 *   npm run bench                     every part; rewrites their sections of docs/benchmarks.md
 *   npm run bench -- ack memory       some parts: ack e2e baseline home verify sweep memory
 *   npm run bench -- --quick          tiny sizes, a smoke test of the harness (writes nothing)
 *
 * Options: --only postgres|pglite, --seed N (data sets and the load are drawn from it),
 * --doc PATH (where to write; given with --quick it writes there), --no-write, --note TEXT (added
 * to every section written, e.g. that the machine was shared). PostgreSQL is BENCH_DATABASE_URL,
 * TEST_DATABASE_URL or the local server at postgres://postgres@127.0.0.1:5432/postgres;
 * BENCH_APP_NODE_ARGS adds Node flags to the app processes only (e.g. "--cpu-prof").
 * Exits non-zero when the harness itself failed: something lost or doubled, a broken trail.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ENGINE_NAMES, type EngineName } from "./lib/databases.ts";
import { seconds } from "./lib/format.ts";
import { describeMachine } from "./lib/machine.ts";
import { replaceSection } from "./lib/markdown.ts";
import { ack } from "./parts/ack.ts";
import { baseline } from "./parts/baseline.ts";
import { e2e } from "./parts/e2e.ts";
import { home } from "./parts/home.ts";
import { memory } from "./parts/memory.ts";
import type { Part } from "./parts/part.ts";
import { AckRuns } from "./parts/runs.ts";
import { sweep } from "./parts/sweep.ts";
import { verify } from "./parts/verify.ts";

/** In the order they run: the parts reading ack runs after the one that makes them. */
const PARTS: readonly Part[] = [ack, baseline, memory, e2e, home, sweep, verify];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    seed: { type: "string", default: "8" },
    doc: { type: "string" },
    "no-write": { type: "boolean", default: false },
    note: { type: "string" },
  },
});

const unknown = positionals.filter((name) => !PARTS.some((part) => part.id === name));
if (unknown.length > 0) {
  console.error(
    `Unknown part(s): ${unknown.join(", ")}. Parts: ${PARTS.map((p) => p.id).join(" ")}`,
  );
  process.exit(2);
}
if (values.only !== undefined && !ENGINE_NAMES.includes(values.only as EngineName)) {
  console.error(`--only takes ${ENGINE_NAMES.join(" or ")}`);
  process.exit(2);
}
// The bot runs compiled, as `npm start` runs it (bench/app/bot-entry.ts): build dist/ if stale.
execFileSync(
  process.execPath,
  [fileURLToPath(new URL("../scripts/build.mjs", import.meta.url)), "--if-stale"],
  { stdio: "inherit" },
);

const selected = PARTS.filter((part) => positionals.length === 0 || positionals.includes(part.id));
const engines = ENGINE_NAMES.filter(
  (engine) => values.only === undefined || values.only === engine,
);
const docPath = values.doc ?? (values.quick ? undefined : "docs/benchmarks.md");
const write = docPath !== undefined && !values["no-write"];
const seed = Number(values.seed);
const log = (line: string) => console.log(line);
/** The command as a reader would rerun it: without --note and --doc, which change no number. */
const measuring = process.argv.slice(2).filter((arg, i, all) => {
  const dropped = (name: string) =>
    arg === name || arg.startsWith(`${name}=`) || all[i - 1] === name;
  return !dropped("--note") && !dropped("--doc");
});
const command = ["npm run bench", ...(measuring.length > 0 ? ["--", ...measuring] : [])].join(" ");

const machine = await describeMachine();
const runs = new AckRuns({ quick: values.quick, seed, log });
const problems: string[] = [];
let doc = write ? await readFile(docPath, "utf8").catch(() => "# Benchmarks\n") : "";
const started = performance.now();
for (const part of selected) {
  log(`\n== ${part.title}`);
  const result = await part.run({ quick: values.quick, engines, seed, log, runs });
  problems.push(...result.problems);
  const section = [
    `### ${part.title}`,
    `Measured ${machine.date} with \`${command}\` (this part alone: \`npm run bench -- ${part.id}\`) on ${machine.description}.${values.note ? ` ${values.note}` : ""}`,
    result.markdown,
  ].join("\n\n");
  console.log(`\n${section}\n`);
  if (write) {
    doc = replaceSection(doc, part.id, section);
    await writeFile(docPath, doc);
  }
}
log(`\nDone in ${seconds(performance.now() - started)}${write ? `; wrote ${docPath}` : ""}.`);
if (problems.length > 0) {
  // Parts reading the same ack runs report the same problems.
  const distinct = [...new Set(problems)];
  console.error(`\nThe harness found problems:\n${distinct.map((p) => `- ${p}`).join("\n")}`);
  process.exitCode = 1;
}
// A closed PGlite keeps a timer running for a while (see runMain in src/start.ts).
process.exit();
