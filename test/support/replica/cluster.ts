import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type E2E, messageText, SIGNING_SECRET, USERS, WEBHOOK_SECRET } from "../../e2e/harness.ts";
import { createTestTarget, seedDataDir } from "../database.ts";
import { WAIT_MS } from "../patience.ts";
import { startSlackStandIn } from "../slack/stand-in.ts";
import type { StoredMessage } from "../slack/workspace.ts";
import { startWebhookReceiver } from "../webhook-receiver.ts";
import { type Replica, startReplica } from "./replicas.ts";

/**
 * What several bot processes share: the Slack stand-in, webhook targets, an actions file and one
 * database (PostgreSQL when TEST_DATABASE_URL is set, else a PGlite directory, which only one
 * process may open at a time).
 */
export async function startCluster(options: { clockStart: Date; env?: Record<string, string> }) {
  const standIn = await startSlackStandIn();
  for (const [role, id] of Object.entries(USERS)) {
    standIn.addUser({ id, name: role, isBot: role === "bot", deleted: role === "gone" });
  }
  // The replicas' clocks stand still until a test sets them (all alike, or a later start): the
  // webhook checks signatures against the last time given to any of them.
  let clusterNow = options.clockStart;
  const webhook = await startWebhookReceiver({ secret: WEBHOOK_SECRET, now: () => clusterNow });
  const rockets = await startWebhookReceiver();
  const dir = await mkdtemp(path.join(tmpdir(), "four-eyes-cluster-"));
  const actionsFile = path.join(dir, "actions.yml");
  // Tests hold the webhook while bot processes start, which takes a while on a busy machine.
  await writeFile(
    actionsFile,
    `actions:
  - id: billing-waiver
    title: Billing waiver
    params:
      - { name: invoice_id, label: Invoice ID, type: text, required: true }
    executor: { type: webhook, url: ${webhook.url}/waivers, secret_env: WAIVER_SECRET, timeout_ms: 60000 }
`,
  );
  // Copies of the run's migrated database: the bots find nothing to migrate.
  const database = process.env.TEST_DATABASE_URL
    ? await createTestTarget("postgres", { migrated: true })
    : await seedDataDir(dir).then(() => null);
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: "xoxb-cluster",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    DATA_DIR: dir,
    ACTIONS_FILE: actionsFile,
    AUDIT_KEY: "cluster-audit-key-cluster-audit-key-0123",
    WAIVER_SECRET: WEBHOOK_SECRET,
    ROCKET_URL: `${rockets.url}/launch`,
    TEST_CLOCK_START: options.clockStart.toISOString(),
    // Slack's pacing waits in real time while these tests stop and move the app's clock, and the
    // audit channel gets bursts no person would: test/outbox tests the pacing on its own clock.
    SLACK_RATE_LIMITS: "off",
    ...(database?.target.kind === "postgres" ? { DATABASE_URL: database.target.url } : {}),
    ...options.env,
  };
  const replicas: Replica[] = [];

  /** The newest DM to `userId` matching, once delivered. */
  async function dm(
    userId: string,
    match: RegExp,
    options: { timeoutMs?: number; notIn?: ReadonlySet<string> } = {},
  ): Promise<StoredMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? WAIT_MS);
    for (;;) {
      const found = dmsMatching(userId, match)
        .filter((message) => !options.notIn?.has(message.ts))
        .at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No DM to ${userId} matching ${match}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  function dmsMatching(userId: string, match: RegExp): StoredMessage[] {
    return standIn.dmWith(userId).filter((message) => match.test(messageText(message)));
  }

  return {
    standIn,
    webhook,
    rockets,
    env,
    dm,
    dmsMatching,
    /** Starts a bot process; `overrides` change its environment (e.g. its clock's start). */
    start: async (name: string, overrides: Record<string, string> = {}) => {
      if (overrides.TEST_CLOCK_START) clusterNow = new Date(overrides.TEST_CLOCK_START);
      const started = await startReplica({
        name,
        env: { ...env, ...overrides },
        standIn,
        signingSecret: SIGNING_SECRET,
      });
      const replica: Replica = {
        ...started,
        setClock: (at) => {
          clusterNow = at;
          return started.setClock(at);
        },
      };
      replicas.push(replica);
      return replica;
    },
    /** What the e2e flows need (fileRequest, clickOn…) to go through `replica`. */
    via: (replica: Replica) =>
      ({
        driver: replica.driver,
        standIn,
        dm,
      }) as unknown as E2E,
    close: async () => {
      await Promise.all(
        replicas.map((replica) =>
          replica.process.exitCode === null && replica.process.signalCode === null
            ? replica.kill("SIGKILL")
            : null,
        ),
      );
      await webhook.close();
      await rockets.close();
      await standIn.close();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
