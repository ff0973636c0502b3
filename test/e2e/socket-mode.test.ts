import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { blockActionsPayload, nowTs, slashCommandPayload } from "../support/slack/payloads.ts";
import { interactiveEnvelope, slashCommandEnvelope } from "../support/slack/socket-stand-in.ts";
import type { StoredMessage } from "../support/slack/stand-in.ts";
import { type E2E, startE2E, USERS } from "./harness.ts";

describe("Socket Mode", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ socketMode: true, env: { METRICS_PORT: "0" } });
  });
  afterAll(() => e2e?.close());

  it("connects through apps.connections.open, answers envelopes, runs a twice-delivered click once", async () => {
    const { standIn } = e2e;
    const socket = e2e.socket;
    if (!socket) throw new Error("no socket stand-in");
    expect(e2e.bot.port).toBeNull();
    expect(standIn.callsTo("apps.connections.open")).toHaveLength(1);

    const command = requestCommand(e2e);
    const ack = await socket.send(command.envelope);
    expect(ack.envelope_id).toBeTruthy();
    await standIn.waitFor(
      (call) => call.method === "views.open" && call.args.trigger_id === command.triggerId,
    );

    const created = await e2e.bot.engine.requests.createRequest({
      actionId: "billing-waiver",
      environment: "production",
      team: "Acme",
      params: { invoice_id: "in_7" },
      purpose: "Refund",
      makerId: USERS.maker,
      checkerIds: [USERS.checker],
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const number = created.value.request.number;
    const dm = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const envelope = approveEnvelope(e2e, dm);
    // Slack may deliver an envelope again when it did not see the ack in time.
    await socket.send(envelope);
    await socket.send(envelope);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    await e2e.bot.runner.idle();
    expect(e2e.webhook.received.filter((w) => w.body.number === number)).toHaveLength(1);
  });

  it("runs a Workflow Builder step delivered over the socket, and completes it once decided", async () => {
    const { socket, standIn } = e2e;
    if (!socket) throw new Error("no socket stand-in");
    const event = standIn.executeFunction({
      inputs: {
        action: "billing-waiver",
        maker: USERS.maker,
        checker: USERS.checker,
        environment: "production",
        team: "Customer refunds",
        purpose: "Refund form",
        params: '{"invoice_id": "in_42"}',
      },
    });
    const ack = await e2e.driver.functionExecutedOverSocket(socket, event);
    expect(ack.envelope_id).toBeTruthy();
    const card = await e2e.dm(USERS.checker, /asks you to approve[\s\S]*in_42/);
    const number = Number(/#(\d+)/.exec(card.text)?.[1]);
    await socket.send(approveEnvelope(e2e, card));
    const done = await standIn.waitForFunctionCompletion(String(event.function_execution_id));
    expect(done.outputs).toMatchObject({ status: "approved", request_number: number });
  });

  it("opens METRICS_PORT for /healthz, /readyz and /metrics, since Socket Mode has no port", async () => {
    const { socket } = e2e;
    if (!socket) throw new Error("no socket stand-in");
    expect(e2e.bot.opsPort).toEqual(expect.any(Number));
    const base = `http://127.0.0.1:${e2e.bot.opsPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });

    const before = await ackCount(base);
    await socket.send(requestCommand(e2e).envelope);
    expect(await ackCount(base)).toBe(before + 1);
    expect((await fetch(`${base}/slack/events`, { method: "POST" })).status).toBe(404);
  });
});

/** The checker's click on Approve in `dm`, as a Socket Mode envelope. */
function approveEnvelope(e2e: E2E, dm: StoredMessage) {
  const { standIn } = e2e;
  const approve = (dm.blocks ?? [])
    .flatMap((block) => (block.elements as Record<string, unknown>[] | undefined) ?? [])
    .find((element) => element.action_id === ACTION.approve);
  const click = blockActionsPayload({
    user: { id: USERS.checker, name: "checker" },
    actionId: ACTION.approve,
    action: { ...approve, block_id: "decision", action_ts: nowTs() },
    message: { ts: dm.ts, text: dm.text, blocks: dm.blocks },
    channel: { id: dm.channel, name: "directmessage" },
    responseUrl: standIn.mintResponseUrl(USERS.checker, {
      kind: "message",
      channel: dm.channel,
      messageTs: dm.ts,
      ephemeral: false,
    }),
    triggerId: standIn.mintTriggerId(USERS.checker),
    context: { ...standIn.identity },
  });
  return interactiveEnvelope(click);
}

/** `/request billing-waiver` from the maker, as a Socket Mode envelope. */
function requestCommand(e2e: E2E) {
  const { standIn } = e2e;
  const triggerId = standIn.mintTriggerId(USERS.maker);
  const command = slashCommandPayload({
    user: { id: USERS.maker, name: "maker" },
    text: "billing-waiver",
    triggerId,
    responseUrl: standIn.mintResponseUrl(USERS.maker, { kind: "command", channel: "C0GENERAL1" }),
    context: { ...standIn.identity },
  });
  return { envelope: slashCommandEnvelope(command), triggerId };
}

async function ackCount(base: string): Promise<number> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const match = /^four_eyes_slack_ack_seconds_count\{kind="command"\} (\d+)$/m.exec(metrics);
  return Number(match?.[1] ?? 0);
}
