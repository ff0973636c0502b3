/** Part 4: building and publishing a person's Home tab as the history grows. */
import { WebClient } from "@slack/web-api";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { openDatabase } from "../../src/db/database.ts";
import { PrismaHomePreferences } from "../../src/db/home-preferences.ts";
import { PrismaRequestQuery } from "../../src/db/prisma-request-query.ts";
import { parseHomeState } from "../../src/slack/forms/home-form.ts";
import { HomePublisher } from "../../src/slack/home/home-publisher.ts";
import { type HomeSources, loadHomeInput } from "../../src/slack/home/load-home.ts";
import { renderHome } from "../../src/slack/views/home-view.ts";
import { startSlackStandIn } from "../../test/support/slack/stand-in.ts";
import { actions, ENVIRONMENTS, PEOPLE, seedRequests, userId } from "../home/population.ts";
import { ENGINE_LABEL, withScratchDatabase } from "../lib/databases.ts";
import { count, ms } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { between, seeded } from "../lib/random.ts";
import { summarize } from "../lib/stats.ts";
import { SLACK_LATENCY_MS } from "../load/world.ts";
import type { Part } from "./part.ts";

const SIZES = { full: [1_000, 10_000, 100_000], quick: [300] } as const;
const ITERATIONS = { full: 100, quick: 3 } as const;
const WARMUP = { full: 10, quick: 1 } as const;

export const home: Part = {
  id: "home",
  title: "App Home: build and publish",
  async run({ engines, quick, seed, log }) {
    const mode = quick ? "quick" : "full";
    const latency = seeded(seed ^ 0x40e);
    const standIn = await startSlackStandIn({
      latencyMs: () => between(latency, SLACK_LATENCY_MS.min, SLACK_LATENCY_MS.max),
    });
    for (let i = 0; i < PEOPLE; i++) standIn.addUser({ id: userId(i), name: `person${i}` });
    const client = new WebClient("xoxb-benchmark", { slackApiUrl: standIn.apiUrl });
    const rows: string[][] = [];
    try {
      for (const engine of engines) {
        for (const size of SIZES[mode]) {
          log(`home: ${engine}, ${size} requests`);
          await withScratchDatabase(engine, async (scratch) => {
            const db = await openDatabase(scratch.target);
            try {
              const seededIn = await seedRequests(db, size);
              const sources: HomeSources = {
                query: new PrismaRequestQuery(db.prisma),
                actions,
                environments: ENVIRONMENTS,
                clock: systemClock,
                requestable: async () => actions.list(),
              };
              const publisher = new HomePublisher({
                sources,
                preferences: new PrismaHomePreferences(db.prisma),
                client,
                logger: silentLogger,
              });
              const random = seeded(seed + size);
              const builds: number[] = [];
              const publishes: number[] = [];
              for (let i = 0; i < WARMUP[mode] + ITERATIONS[mode]; i++) {
                const viewer = userId(Math.floor(random() * PEOPLE));
                const started = performance.now();
                // What opening the tab shows: no filter, the newest page.
                renderHome(await loadHomeInput(sources, viewer, parseHomeState(undefined)));
                const built = performance.now();
                await publisher.publish(viewer);
                const published = performance.now();
                if (i < WARMUP[mode]) continue;
                builds.push(built - started);
                publishes.push(published - built);
              }
              const build = summarize(builds);
              const publish = summarize(publishes);
              log(`  ${seededIn}; build p50 ${ms(build.p50)}, publish p50 ${ms(publish.p50)}`);
              rows.push([
                ENGINE_LABEL[engine],
                count(size),
                `${ms(build.p50)} / ${ms(build.p95)}`,
                `${ms(publish.p50)} / ${ms(publish.p95)}`,
              ]);
            } finally {
              await db.close();
            }
          });
        }
      }
    } finally {
      await standIn.close();
    }
    return {
      markdown: [
        `A fresh database per size, seeded with the Home benchmark's year of requests (\`bench/home/population.ts\`, 8 % pending). For ${ITERATIONS[mode]} random viewers (after ${WARMUP[mode]} to warm up): *build* is \`loadHomeInput\` and \`renderHome\` for the tab as it opens (no filter, newest page); *build and publish* is \`HomePublisher.publish\`, what the bot does when someone opens the tab: save their filters, build, and \`views.publish\` to the stand-in, which answers after ${SLACK_LATENCY_MS.min}–${SLACK_LATENCY_MS.max} ms (the bulk of it). Each filter's own cost is in "Home tab: building the view with 100,000 requests" below.`,
        table(["database", "requests", "build p50 / p95", "build and publish p50 / p95"], rows),
      ].join("\n\n"),
      problems: [],
    };
  },
};
