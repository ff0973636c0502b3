/** Part 7: the bot's resident memory idle and after load, and how long it takes to start. */
import { ENGINE_LABEL } from "../lib/databases.ts";
import { count, mb, ms } from "../lib/format.ts";
import { table } from "../lib/markdown.ts";
import { runProblems } from "../load/ack-run.ts";
import type { Part } from "./part.ts";
import { ackLevels } from "./runs.ts";

/** The load level whose process is measured: the ack section's target level. */
const LOAD_CLIENTS = 200;

export const memory: Part = {
  id: "memory",
  title: "Memory and start-up",
  async run({ engines, quick, runs, log }) {
    const clients = quick ? (ackLevels(quick)[0] as number) : LOAD_CLIENTS;
    const rows: string[][] = [];
    const problems: string[] = [];
    for (const engine of engines) {
      log(`memory: ${engine}`);
      const bot = await runs.get("bot", engine, clients);
      const base = await runs.get("baseline", engine, clients);
      problems.push(...runProblems(bot), ...runProblems(base));
      const requests = bot.checks.find((check) => check.what === "requests")?.found ?? 0;
      rows.push([
        ENGINE_LABEL[bot.engine],
        `${ms(bot.start.startupMs)} (${ms(bot.start.bootMs)})`,
        bot.restart
          ? `${ms(bot.restart.startupMs)} (${ms(bot.restart.bootMs)}), ${count(requests)} requests`
          : "–",
        mb(bot.idle.rss),
        bot.restart ? mb(bot.restart.idle.rss) : "–",
        mb(bot.after.rss),
        mb(bot.after.maxRss),
        `${mb(base.idle.rss)} / ${mb(base.after.rss)}`,
      ]);
    }
    return {
      markdown: [
        `The bot process of the ack section's ${clients}-client run (the load generator, stand-in and database server are other processes). Start-up is from spawning the compiled bot (\`node dist/main.js\`, as \`npm start\` runs it) to the bot answering on its port, as after a deploy; in brackets the bot's own part (\`startBot\`: database, migrations, actions, Slack auth), without Node and module loading. The restart is the same bot started again on the database the run filled. Idle is ${quick ? "0.1" : "2"} s after start-up; "after the run" is once everything the load set off has finished.`,
        table(
          [
            "database",
            "start-up, empty database",
            "restart with data",
            "RSS idle",
            "idle after restart",
            "after the run",
            "peak",
            "baseline idle / after",
          ],
          rows,
        ),
      ].join("\n\n"),
      problems,
    };
  },
};
