/** Part 5: audit verify on a million events: events per second and peak resident memory. */
import { ENGINE_LABEL, withScratchDatabase } from "../lib/databases.ts";
import { count, mb, seconds, verdict } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { measureVerify } from "../verify/measure.ts";
import type { Part } from "./part.ts";

/** Requests to seed (two events each): a million events in all. */
const REQUESTS = { full: 500_000, quick: 1_000 } as const;
/** Node's default heap limit, then a small one: if verify streams, the small one suffices. */
const HEAP_LIMITS = [undefined, 96] as const;
const RSS_TARGET = 300 * 1024 * 1024;

export const verify: Part = {
  id: "verify",
  title: "Audit verify on a million events",
  async run({ engines, quick, seed, log }) {
    const requests = REQUESTS[quick ? "quick" : "full"];
    const rows: string[][] = [];
    const problems: string[] = [];
    for (const engine of engines) {
      log(`verify: ${engine}, ${requests * 2} events`);
      const measured = await withScratchDatabase(engine, (scratch) =>
        measureVerify(scratch, requests, seed, HEAP_LIMITS),
      );
      for (const m of measured) {
        const heap = m.heapLimitMb ? `${m.heapLimitMb} MB` : "Node's default";
        log(
          `  heap ${heap}: ${m.crashed ?? `${m.ok ? "OK" : "BROKEN"} in ${seconds(m.ms)}, peak ${mb(m.maxRss)}`}`,
        );
        if (!m.crashed && (!m.ok || m.events !== requests * 2)) {
          problems.push(
            `verify on ${engine}: ${m.ok ? `${m.events} events` : "reported the trail broken"}`,
          );
        }
        rows.push([
          ENGINE_LABEL[engine],
          count(requests * 2),
          seconds(m.seedMs),
          heap,
          m.crashed ?? seconds(m.ms),
          m.crashed ? "–" : `${count((requests * 2) / (m.ms / 1000))}/s`,
          m.crashed ? "–" : mb(m.rssBefore),
          m.crashed ? "–" : `${mb(m.maxRss)}: ${verdict(m.maxRss < RSS_TARGET)}`,
          m.crashed ? "–" : mb(m.maxRss - m.rssBefore),
        ]);
      }
    }
    return {
      markdown: [
        `A fresh database per engine, seeded through SQL with ${count(requests)} requests, each created and declined: ${count(requests * 2)} events sealed and chained with the audit key (\`bench/verify/seed-trail.ts\`, seeded ids). Then \`verifyAuditTrail\` (chain pass and replay pass, as \`npm run audit -- verify\`) runs in a fresh process of its own, once with Node's default heap limit and once with \`--max-old-space-size=96\`. Peak RSS is that process's maximum resident set (getrusage), start-up included; the target is under 300 MB. "RSS before verify" is the process with the database open (on PGlite, the database itself runs inside it); the last column is what verify added on top.`,
        table(
          [
            "database",
            "events",
            "seeding",
            "heap limit",
            "verify",
            "events/s",
            "RSS before verify",
            "peak RSS (target < 300 MB)",
            "peak − before",
          ],
          rows,
        ),
      ].join("\n\n"),
      problems,
    };
  },
};
