/**
 * The baseline of the cost-of-design benchmark: the same bot written the naive way, in its own
 * process like the real one. It answers the same Slack traffic with the same Web API calls and
 * the same webhook, through the same HTTP receiver, signature check and client settings, on the
 * same database through the same Prisma adapter, but stores one row per request and nothing else:
 * no audit chain, no outbox (messages are sent inline, after the ack), no rules, no directory.
 */
import { randomUUID } from "node:crypto";
import { App, type BlockAction, type ButtonAction, HTTPReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { loadAppConfig } from "../../src/config/app-config.ts";
import { systemClock } from "../../src/core/clock.ts";
import { openDatabase } from "../../src/db/database.ts";
import { databaseTarget } from "../../src/db/target.ts";
import { createSlackHttpServer, EVENTS_PATH } from "../../src/slack/http-server.ts";
import { ACTION, BLOCK, CALLBACK, INPUT, paramBlockId } from "../../src/slack/ids.ts";
import { listenerClientOptions } from "../../src/slack/web-client.ts";
import { Metrics } from "../../src/telemetry/metrics.ts";
import { checkerMessage, declineModal, requestModal } from "./baseline-views.ts";
import { serve } from "./ipc.ts";

const started = performance.now();
const { engine, slack } = loadAppConfig(process.env);
const webhookUrl = process.env.BENCH_WEBHOOK_URL;
if (slack.mode.kind !== "http" || !webhookUrl) throw new Error("HTTP mode and BENCH_WEBHOOK_URL");

// Migrating as the real bot does keeps start-up comparable; the real tables stay empty.
const database = await openDatabase(databaseTarget(engine.databaseUrl, engine.dataDir));
const { prisma } = database;
await prisma.$executeRaw`
  CREATE TABLE IF NOT EXISTS baseline_requests (
    id uuid PRIMARY KEY, maker_id text NOT NULL, checker_id text NOT NULL, environment text,
    team text, params jsonb NOT NULL, purpose text, status text NOT NULL,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`;

const clientOptions = listenerClientOptions(slack);
const client = new WebClient(slack.botToken, clientOptions);
const identity = await client.auth.test();
const receiver = new HTTPReceiver({
  signingSecret: slack.mode.signingSecret,
  endpoints: EVENTS_PATH,
  processBeforeResponse: false,
});
const app = new App({
  token: slack.botToken,
  botId: identity.bot_id,
  botUserId: identity.user_id,
  receiver,
  clientOptions,
});

app.command("/request", async ({ ack, command, client }) => {
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: requestModal(engine.environments),
  });
});

app.view(CALLBACK.requestModal, async ({ ack, body, view, client }) => {
  const values = view.state.values;
  const field = (block: string) => values[block]?.[INPUT];
  const id = randomUUID();
  const maker = body.user.id;
  const checker = field(BLOCK.checkers)?.selected_user ?? "";
  const params = {
    invoice_id: field(paramBlockId("invoice_id"))?.value,
    amount: Number(field(paramBlockId("amount"))?.value),
  };
  await prisma.$executeRaw`
    INSERT INTO baseline_requests
      (id, maker_id, checker_id, environment, team, params, purpose, status, created_at, updated_at)
    VALUES (${id}::uuid, ${maker}, ${checker}, ${field(BLOCK.environment)?.selected_option?.value},
            ${field(BLOCK.team)?.value}, ${JSON.stringify(params)}::jsonb,
            ${field(BLOCK.purpose)?.value}, 'PENDING', now(), now())`;
  await ack();
  const summary = `<@${maker}> asks for a billing waiver of ${params.invoice_id}`;
  await client.chat.postMessage({ channel: checker, ...checkerMessage(id, summary) });
  await client.chat.postMessage({ channel: maker, text: `Request sent to <@${checker}>` });
});

app.action<BlockAction<ButtonAction>>(ACTION.approve, async ({ ack, action, body, client }) => {
  await ack();
  const id = action.value ?? "";
  const approved = await prisma.$queryRaw<{ maker_id: string; params: unknown }[]>`
    UPDATE baseline_requests SET status = 'APPROVED', updated_at = now()
    WHERE id = ${id}::uuid AND status = 'PENDING' RETURNING maker_id, params`;
  const row = approved[0];
  if (!row) return;
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": id },
    body: JSON.stringify({ requestId: id, params: row.params }),
  });
  const status = response.ok ? "FINISHED" : "FAILED";
  await prisma.$executeRaw`
    UPDATE baseline_requests SET status = ${status}, updated_at = now() WHERE id = ${id}::uuid`;
  const summary = `Billing waiver ${id}`;
  await client.chat.update({
    channel: body.container.channel_id as string,
    ts: body.container.message_ts as string,
    ...checkerMessage(id, summary, `Approved by <@${body.user.id}>: ${status.toLowerCase()}`),
  });
  await client.chat.postMessage({
    channel: row.maker_id,
    text: `${summary}: ${status.toLowerCase()}`,
  });
});

app.action<BlockAction<ButtonAction>>(ACTION.decline, async ({ ack, action, body, client }) => {
  await ack();
  const id = action.value ?? "";
  const rows = await prisma.$queryRaw<{ status: string }[]>`
    SELECT status FROM baseline_requests WHERE id = ${id}::uuid`;
  if (rows[0]?.status !== "PENDING") return;
  await client.views.open({ trigger_id: body.trigger_id, view: declineModal(id) });
});

app.error(async (error) => {
  console.error(`error: ${String(error)}`);
});

let ready = false;
// The baseline has no database of its own to check: ready once listening.
const server = createSlackHttpServer({
  receiver,
  clock: systemClock,
  ops: {
    metrics: new Metrics(),
    isStarted: () => ready,
    servesPrivate: false,
    probes: {
      database: async () => {},
      pendingMigrations: async () => [],
      slackAuthenticated: () => true,
      dispatcherRunning: () => true,
    },
  },
});
await new Promise<void>((resolve) => server.listen(0, resolve));
ready = true;
const address = server.address();

serve(
  {
    port: typeof address === "object" && address ? address.port : 0,
    bootMs: performance.now() - started,
  },
  {
    counts: async () => {
      const rows = await prisma.$queryRaw<{ key: string; n: number }[]>`
        SELECT 'status:' || status AS key, count(*)::int AS n FROM baseline_requests GROUP BY status
        UNION ALL SELECT 'requests', count(*)::int FROM baseline_requests`;
      return Object.fromEntries(rows.map((row) => [row.key, row.n]));
    },
    stop: async () => {
      ready = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await database.close();
    },
  },
);
