import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Bot, startBot } from "../../src/app/start-bot.ts";
import { configSecrets, loadAppConfig } from "../../src/config/app-config.ts";
import type { Clock } from "../../src/core/clock.ts";
import { createAppLogger } from "../../src/logging/app-logger.ts";
import type { StartCron } from "../../src/scheduler/cron-job.ts";
import { createTestTarget, seedDataDir } from "../support/database.ts";
import { collectingLogger } from "../support/logger.ts";
import { WAIT_MS } from "../support/patience.ts";
import { SlackDriver } from "../support/slack/driver.ts";
import { startSocketStandIn } from "../support/slack/socket-stand-in.ts";
import { startSlackStandIn } from "../support/slack/stand-in.ts";
import type { StoredMessage } from "../support/slack/workspace.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";

export const SIGNING_SECRET = "e2e-signing-secret";
/** What the actions' webhooks are signed with; the receiver verifies every delivery with it. */
export const WEBHOOK_SECRET = "webhook-secret";
export const USERS = {
  maker: "U0MAKER001",
  checker: "U0CHECK001",
  checker2: "U0CHECK002",
  stranger: "U0STRANGE1",
  bot: "U0BOTUSER1",
  gone: "U0GONEUSR1",
} as const;

function actionsYaml(webhookUrl: string): string {
  return `actions:
  - id: billing-waiver
    title: Billing waiver
    description: Waive a customer's invoice
    environments: [production, staging]
    params:
      - { name: invoice_id, label: Invoice ID, type: text, required: true, pattern: "^in_[0-9]+$" }
      - { name: amount, label: Amount, type: number, min: 0, max: 10000 }
      - { name: card_last4, label: Card last 4, type: text, sensitive: true }
    executor: { type: webhook, url: ${webhookUrl}/waivers, secret_env: WAIVER_SECRET, timeout_ms: 2000 }
  - id: delete-account
    title: Delete account
    description: Delete a customer account
    approvals: 2
    params:
      - { name: account, label: Account, type: text, required: true }
    executor: { type: webhook, url: ${webhookUrl}/deletions, secret_env: WAIVER_SECRET }
`;
}

/**
 * The real bot over HTTP against the Slack stand-in, a webhook receiver and a fresh database
 * (PostgreSQL when TEST_DATABASE_URL is set: quicker to start; else PGlite on disk).
 */
export interface E2EOptions {
  readonly auditChannel?: string;
  readonly socketMode?: boolean;
  /** Time for the bot; tests move it forward instead of sleeping. */
  readonly clock?: Clock;
  /** More actions.yml entries (indented as list items under `actions:`). */
  readonly extraActions?: (webhookUrl: string) => string;
  /** More environment variables (e.g. STALE_AFTER). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Log as production does (pino JSON lines, secrets redacted) at this level, kept in `jsonLogs`,
   * instead of collecting plain lines in `logs`.
   */
  readonly jsonLogLevel?: "debug" | "info";
}

/** Cron never fires by itself in these tests: they call `bot.sweeper.sweep()` when they want it. */
const noCron: StartCron = () => ({ stop: () => {} });

export async function startE2E(options: E2EOptions = {}) {
  // Workflow tokens expire on the bot's clock, so a test that moves it days on sees them expire.
  const clockNow = options.clock ? () => options.clock?.now().getTime() ?? Date.now() : undefined;
  const standIn = await startSlackStandIn(clockNow ? { now: clockNow } : {});
  const socket = options.socketMode ? await startSocketStandIn({ standIn }) : null;
  for (const [role, id] of Object.entries(USERS)) {
    standIn.addUser({ id, name: role, isBot: role === "bot", deleted: role === "gone" });
  }
  if (options.auditChannel) standIn.addChannel(options.auditChannel, "audit");
  const clock = options.clock;
  const webhook = await startWebhookReceiver({
    secret: WEBHOOK_SECRET,
    ...(clock ? { now: () => clock.now() } : {}),
  });
  const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-e2e-"));
  const actionsFile = path.join(dir, "actions.yml");
  await writeFile(
    actionsFile,
    actionsYaml(webhook.url) + (options.extraActions?.(webhook.url) ?? ""),
  );
  // Copies of the run's migrated database: the bot finds nothing to migrate.
  const database = process.env.TEST_DATABASE_URL
    ? await createTestTarget("postgres", { migrated: true })
    : await seedDataDir(dir).then(() => null);
  const env = {
    SLACK_BOT_TOKEN: "xoxb-e2e",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    PORT: "0",
    DATA_DIR: dir,
    ACTIONS_FILE: actionsFile,
    AUDIT_KEY: "e2e-audit-key-e2e-audit-key-e2e-audit-key",
    WAIVER_SECRET: WEBHOOK_SECRET,
    ...(options.auditChannel ? { AUDIT_CHANNEL: options.auditChannel } : {}),
    ...(socket ? { SLACK_APP_TOKEN: "xapp-1-e2e" } : {}),
    ...(database?.target.kind === "postgres" ? { DATABASE_URL: database.target.url } : {}),
    // Tests click and file far faster than people; limits.test.ts sets the limits it tests.
    REQUEST_RATE_LIMIT: "1000/1m",
    CLICK_RATE_LIMIT: "1000/1s",
    // Slack's pacing waits in real time while these tests stop and move the app's clock, and the
    // audit channel gets bursts no person would: test/outbox tests the pacing on its own clock.
    SLACK_RATE_LIMITS: "off",
    ...options.env,
  };
  const collected = collectingLogger();
  const config = loadAppConfig(env);
  let jsonLogs = "";
  const json = options.jsonLogLevel
    ? createAppLogger(
        { logLevel: options.jsonLogLevel, logFormat: "json" },
        {
          destination: {
            write: (line: string) => {
              jsonLogs += line;
            },
          },
        },
      )
    : null;
  json?.redactValues(configSecrets(config, env));
  const bot: Bot = await startBot({
    config,
    env,
    logger: json?.logger ?? collected.logger,
    ...(json ? { redactValues: (values) => json.redactValues(values) } : {}),
    outboxPollMs: 50,
    startCron: noCron,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const driver = new SlackDriver({
    appUrl: `http://127.0.0.1:${bot.port}`,
    signingSecret: SIGNING_SECRET,
    standIn,
  });

  /** The newest message in `userId`'s DM whose text matches, once the outbox delivered it. */
  async function dm(
    userId: string,
    match: RegExp,
    options: { timeoutMs?: number; notIn?: ReadonlySet<string> } = {},
  ): Promise<StoredMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? WAIT_MS);
    for (;;) {
      const found = standIn
        .dmWith(userId)
        .filter((message) => !options.notIn?.has(message.ts))
        .filter((message) => match.test(messageText(message)))
        .at(-1);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = standIn.dmWith(userId).map(messageText);
        throw new Error(`No DM to ${userId} matching ${match}; it has:\n${seen.join("\n---\n")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  return {
    standIn,
    socket,
    bot,
    driver,
    webhook,
    logs: collected.lines,
    /** With `jsonLogLevel`: every JSON line logged so far, as written. */
    jsonLogs: () => jsonLogs,
    /** The environment the bot started with (its database, key, …): for a CLI run beside it. */
    env,
    dm,
    close: async () => {
      await bot.stop();
      await socket?.close();
      await webhook.close();
      await standIn.close();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type E2E = Awaited<ReturnType<typeof startE2E>>;

/** Everything a person reads in a message: its fallback text and every text in its blocks. */
export function messageText(message: object): string {
  const { text, blocks } = message as { text?: unknown; blocks?: unknown };
  const texts: string[] = [typeof text === "string" ? text : ""];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "text" && typeof value === "string") texts.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return texts.join("\n");
}

/** Polls `condition` until it holds, for things that happen after Slack got its answer. */
export async function until(condition: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
