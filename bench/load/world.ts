/**
 * Everything around the app under load: the Slack stand-in answering its Web API calls after a
 * seeded 30–80 ms, a webhook target for approved actions, a scratch database, people, and the
 * app itself (the real bot or the baseline) in a process of its own.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { SlackDriver } from "../../test/support/slack/driver.ts";
import { type SlackStandIn, startSlackStandIn } from "../../test/support/slack/stand-in.ts";
import { startWebhookReceiver } from "../../test/support/webhook-receiver.ts";
import { type AppKind, type AppProcess, startApp } from "../app/spawn.ts";
import { type EngineName, type ScratchDatabase, scratchDatabase } from "../lib/databases.ts";
import { between, seeded } from "../lib/random.ts";

export const AUDIT_KEY = "four-eyes-benchmark-audit-key-0123456789";
const SIGNING_SECRET = "four-eyes-benchmark-signing-secret";
export const ACTION_ID = "billing-waiver";
export const ENVIRONMENTS = ["production", "staging"] as const;

/** Slack's answers take this long on the stand-in, drawn from a seeded uniform distribution. */
export const SLACK_LATENCY_MS = { min: 30, max: 80 } as const;

/** The one action the load files, run by POSTing to `webhookUrl`. */
export function actionsYaml(webhookUrl: string): string {
  return `actions:
  - id: ${ACTION_ID}
    title: Billing waiver
    description: Waive a customer's invoice
    environments: [${ENVIRONMENTS.join(", ")}]
    params:
      - { name: invoice_id, label: Invoice ID, type: text, required: true, pattern: "in_[0-9]+" }
      - { name: amount, label: Amount, type: number, min: 0, max: 10000 }
    executor: { type: webhook, url: ${webhookUrl}, secret_env: WAIVER_SECRET, timeout_ms: 10000 }
`;
}

/** The webhook's signing secret, which actionsYaml reads from the environment. */
export const WEBHOOK_ENV = { WAIVER_SECRET: "benchmark-webhook-secret" } as const;

export type Role = "maker" | "checker" | "opener";
const ROLE_PREFIX: Record<Role, string> = { maker: "UMK", checker: "UCK", opener: "UOP" };

export interface World {
  readonly standIn: SlackStandIn;
  readonly webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  readonly database: ScratchDatabase;
  readonly app: AppProcess;
  readonly driver: SlackDriver;
  /** The `n`th person with `role`, known to Slack from the first time they are asked for. */
  person(role: Role, n: number): string;
  /** Stops the app and starts it again on the same database (the memory part's restart). */
  restartApp(): Promise<AppProcess>;
  /** Stops the app, if running; the database stays until close(). */
  stopApp(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(kind: AppKind, engine: EngineName, seed: number): Promise<World> {
  const latency = seeded(seed ^ 0x5eed);
  const standIn = await startSlackStandIn({
    latencyMs: () => between(latency, SLACK_LATENCY_MS.min, SLACK_LATENCY_MS.max),
  });
  const webhook = await startWebhookReceiver();
  const database = await scratchDatabase(engine);
  const actionsFile = path.join(database.dataDir, "actions.yml");
  await writeFile(actionsFile, actionsYaml(`${webhook.url}/waivers`));
  const env = {
    SLACK_BOT_TOKEN: "xoxb-benchmark",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    PORT: "0",
    ACTIONS_FILE: actionsFile,
    ENVIRONMENTS: ENVIRONMENTS.join(","),
    AUDIT_KEY,
    ...WEBHOOK_ENV,
    BENCH_WEBHOOK_URL: `${webhook.url}/waivers`,
    // Simulated people click and file far faster than real ones; measure the bot, not its limits.
    REQUEST_RATE_LIMIT: "999999/1m",
    CLICK_RATE_LIMIT: "999999/1s",
    // The stand-in never answers 429, and a thousand requests in seconds would, under Slack's
    // chat.update limit (Tier 3, ~50/min), take twenty minutes to drain: the outbox's own pacing
    // is tested in test/outbox; here the bench measures how fast the bot can go.
    SLACK_RATE_LIMITS: "off",
    ...database.env,
  };
  const cleanUp = async () => {
    await webhook.close();
    await standIn.close();
    await database.drop();
  };
  const first = await startApp(kind, env).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const driverFor = (running: AppProcess) =>
    new SlackDriver({
      appUrl: running.url,
      signingSecret: SIGNING_SECRET,
      standIn,
      requestTimeoutMs: 60_000,
    });
  let app: AppProcess | null = first;
  let driver = driverFor(first);
  const known = new Set<string>();
  const stopApp = async () => {
    const running = app;
    app = null;
    await running?.stop();
  };
  return {
    standIn,
    webhook,
    database,
    get app() {
      if (!app) throw new Error("the app is not running");
      return app;
    },
    get driver() {
      return driver;
    },
    person(role, n) {
      const id = `${ROLE_PREFIX[role]}${String(n).padStart(7, "0")}`;
      if (!known.has(id)) {
        known.add(id);
        standIn.addUser({ id, name: `${role}${n}` });
      }
      return id;
    },
    async restartApp() {
      await stopApp();
      const started = await startApp(kind, env);
      app = started;
      driver = driverFor(started);
      return started;
    },
    stopApp,
    close: async () => {
      await stopApp();
      await cleanUp();
    },
  };
}
