import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, CALLBACK, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, modalOpenedBy, waiverAnswers } from "./flows.ts";
import { type E2E, SIGNING_SECRET, startE2E, USERS, until } from "./harness.ts";

/** A sensitive value long and odd enough that finding it anywhere in the logs means a leak. */
const CARD = "card-7Q4Z-SENSITIVE";

interface LogLine {
  readonly level: string;
  readonly time: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

function parseLines(text: string): LogLine[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
}

/** The value of one sample of the Prometheus text format, or undefined when absent. */
function sample(metrics: string, name: string, labels: Record<string, string> = {}) {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of metrics.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe("operations: logs, metrics and readiness of a running bot", () => {
  let e2e: E2E;
  let approved: number;
  let declined: number;
  let failed: number;
  beforeAll(async () => {
    // Asked for: /readyz and /metrics on the Slack-facing port too (npm start's test checks the
    // default, /healthz alone).
    e2e = await startE2E({ jsonLogLevel: "debug", env: { OPS_ON_SLACK_PORT: "true" } });
    const withCard = waiverAnswers({ [paramBlockId("card_last4")]: CARD });

    approved = await fileRequest(e2e, withCard);
    // Someone who is not the checker tries first: refused, recorded, counted.
    const card = await e2e.dm(USERS.checker, new RegExp(`#${approved}`));
    await e2e.driver.click(USERS.stranger, {
      actionId: ACTION.approve,
      channel: card.channel,
      messageTs: card.ts,
    });
    await e2e.standIn.waitForResponse((response) => response.userId === USERS.stranger);
    await clickOn(e2e, USERS.checker, approved, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${approved}.*is done`, "i"));

    // Slack rate-limits the first message about the next request: retried, and logged as such.
    e2e.standIn.failNext("chat.postMessage", { times: 1, retryAfterSeconds: 1 });
    declined = await fileRequest(e2e, withCard);
    const click = await clickOn(e2e, USERS.checker, declined, ACTION.decline);
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Not this customer" });
    await e2e.dm(USERS.maker, new RegExp(`#${declined}[\\s\\S]*declined`, "i"));

    // The receiver fails and echoes the request back: the error must not carry it into the logs.
    e2e.webhook.answerNext(500, { error: `bad card ${CARD}` });
    failed = await fileRequest(e2e, withCard);
    await clickOn(e2e, USERS.checker, failed, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${failed}[\\s\\S]*failed`, "i"));
  });
  afterAll(() => e2e?.close());

  it("logs JSON lines that never hold a token, a secret or a sensitive value", () => {
    const text = e2e.jsonLogs();
    const lines = parseLines(text);
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
      expect(new Date(line.time).toISOString()).toBe(line.time);
    }
    expect(lines.some((line) => line.level === "debug")).toBe(true);
    for (const secret of [
      e2e.env.SLACK_BOT_TOKEN,
      SIGNING_SECRET,
      e2e.env.WAIVER_SECRET,
      e2e.env.AUDIT_KEY,
      CARD,
    ]) {
      expect(secret && secret.length >= 8).toBe(true);
      expect(text).not.toContain(secret);
    }
  });

  it("shows a request's whole life under its correlation id, with the Slack ids of each step", async () => {
    const request = await e2e.bot.engine.requests.findByNumber(approved);
    if (!request) throw new Error(`#${approved} not found`);
    const lines = parseLines(e2e.jsonLogs()).filter(
      (line) => line.correlationId === request.correlationId,
    );
    const events = lines.map((line) => line.event).filter(Boolean);
    expect(events).toEqual([
      "REQUEST_CREATED",
      "ATTEMPT_REFUSED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
    for (const line of lines) expect(line.request).toBe(approved);
    const byEvent = (event: string) => lines.find((line) => line.event === event);
    expect(byEvent("REQUEST_CREATED")).toMatchObject({
      msg: `#${approved} REQUEST_CREATED → PENDING`,
      requestId: request.id,
      maker: USERS.maker,
      checkers: [USERS.checker],
      action: "billing-waiver",
      environment: "production",
      slackKind: "view_submission",
      callbackId: CALLBACK.requestModal,
      user: USERS.maker,
    });
    expect(byEvent("ATTEMPT_REFUSED")).toMatchObject({
      slackKind: "block_actions",
      actionId: ACTION.approve,
      user: USERS.stranger,
      actor: USERS.stranger,
    });
    expect(byEvent("REQUEST_APPROVED")).toMatchObject({
      msg: `#${approved} REQUEST_APPROVED → APPROVED`,
      slackKind: "block_actions",
      actionId: ACTION.approve,
      user: USERS.checker,
      actor: USERS.checker,
    });
  });

  it("says which request an outbox message that had to wait was about", async () => {
    const retried = parseLines(e2e.jsonLogs()).find((line) => line.outboxKey !== undefined);
    expect(retried).toMatchObject({
      level: "warn",
      msg: expect.stringMatching(/not delivered \(ratelimited\); attempt 2 in 1 s$/),
      request: expect.any(Number),
      attempts: 1,
    });
    // Whichever message Slack refused (the first one posted after the refusal was set up).
    const request = await e2e.bot.engine.requests.findByNumber(Number(retried?.request));
    expect(retried?.correlationId).toBe(request?.correlationId);
    expect(retried?.requestId).toBe(request?.id);
  });

  it("counts requests, decisions, executions, refusals and acks on /metrics (OPS_ON_SLACK_PORT)", async () => {
    const response = await fetch(`http://127.0.0.1:${e2e.bot.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const metrics = await response.text();
    const action = "billing-waiver";
    for (const status of ["FINISHED", "DECLINED", "FAILED"]) {
      expect(sample(metrics, "four_eyes_requests", { action, status })).toBe(1);
    }
    expect(sample(metrics, "four_eyes_decisions_total", { action, decision: "approved" })).toBe(2);
    expect(sample(metrics, "four_eyes_decisions_total", { action, decision: "declined" })).toBe(1);
    for (const outcome of ["finished", "failed"]) {
      expect(sample(metrics, "four_eyes_executions_total", { action, outcome })).toBe(1);
      expect(
        sample(metrics, "four_eyes_execution_duration_seconds_count", { action, outcome }),
      ).toBe(1);
    }
    expect(sample(metrics, "four_eyes_refused_attempts_total", { action })).toBe(1);
    expect(
      sample(metrics, "four_eyes_request_transitions_total", { action, status: "PENDING" }),
    ).toBe(3);
    // Three /request commands, three forms, four clicks and one decline form at least.
    expect(sample(metrics, "four_eyes_slack_ack_seconds_count", { kind: "command" })).toBe(3);
    expect(
      sample(metrics, "four_eyes_slack_ack_seconds_count", { kind: "view_submission" }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      sample(metrics, "four_eyes_slack_ack_seconds_count", { kind: "block_actions" }),
    ).toBeGreaterThanOrEqual(4);
    expect(sample(metrics, "four_eyes_outbox_delivered_total")).toBeGreaterThan(0);
    expect(sample(metrics, "four_eyes_outbox_retries_total")).toBe(1);
    expect(sample(metrics, "four_eyes_outbox_messages", { state: "dead" })).toBe(0);
    expect(sample(metrics, "four_eyes_database_up")).toBe(1);
    expect(sample(metrics, "four_eyes_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("is healthy and ready, and says why it is not ready once the outbox stops", async () => {
    const base = `http://127.0.0.1:${e2e.bot.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: {
        database: { ok: true, detail: "reachable" },
        migrations: { ok: true, detail: "applied" },
        slack: { ok: true, detail: "auth.test passed" },
        outbox: { ok: true, detail: "dispatcher running" },
      },
    });

    await e2e.bot.dispatcher.stop();
    await until(async () => (await fetch(`${base}/readyz`)).status === 503);
    const notReady = (await (await fetch(`${base}/readyz`)).json()) as {
      checks: { outbox: unknown };
    };
    expect(notReady.checks.outbox).toEqual({ ok: false, detail: "dispatcher stopped" });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    e2e.bot.dispatcher.start();
  });
});
