/**
 * How `audit verify` scales: seeds a fresh PostgreSQL database with N requests (two sealed events
 * each), then times verify in a process of its own and reports its resident memory. The verify
 * part of `npm run bench` does the same on both engines at a million events.
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/audit-verify.ts 20000 100000
 */
import { withScratchDatabase } from "./lib/databases.ts";
import { mb, seconds } from "./lib/format.ts";
import { measureVerify } from "./verify/measure.ts";

const sizes = process.argv.slice(2).map(Number);

for (const size of sizes) {
  const [m] = await withScratchDatabase("postgres", (scratch) =>
    measureVerify(scratch, size, size),
  );
  if (!m) continue;
  console.log(
    `${size} requests, ${size * 2} events: ${m.ok ? "OK" : "BROKEN"} in ${seconds(m.ms)}, ` +
      `${Math.round((size * 2) / (m.ms / 1000))} events/s, RSS ${mb(m.rssBefore)} before, peak ${mb(m.maxRss)}`,
  );
}
process.exit(0);
