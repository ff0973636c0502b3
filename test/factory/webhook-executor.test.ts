import { createHmac } from "node:crypto";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { parseActionsFile } from "../../src/factory/actions-file.ts";
import { createWebhookExecutor, type WebhookConfig } from "../../src/factory/webhook-executor.ts";
import { executionContext } from "./execution-context.ts";

const HOST = "http://hooks.test";
const SECURE_HOST = "https://hooks.test";
const SECRET = "whsec_test_5f2b9c";
const config: WebhookConfig = { url: `${HOST}/waivers`, secret: SECRET, timeoutMs: 2000 };

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

/** Wraps fetch to keep the exact bytes the executor sent. */
function recordingFetch() {
  const sent: { body?: Uint8Array; headers?: Headers } = {};
  const fetchSpy: typeof fetch = (input, init) => {
    sent.body = init?.body as Uint8Array;
    sent.headers = new Headers(init?.headers);
    return globalThis.fetch(input, init);
  };
  return { sent, fetchSpy };
}

/** What a receiver recomputes (README, "The webhook contract"): written out, not imported. */
function expectedSignature(secret: string, t: number, key: string, raw: Uint8Array): string {
  const hmac = createHmac("sha256", secret).update(`${t}.${key}.`).update(raw).digest("hex");
  return `t=${t},v1=${hmac}`;
}

describe("webhook executor request", () => {
  it("posts the request signed with the time and its idempotency key", async () => {
    let received: { headers: Record<string, unknown>; body: unknown } | undefined;
    const scope = nock(HOST)
      .post("/waivers")
      .reply(function (_uri, body) {
        received = { headers: this.req.headers, body };
        return [200, { received: true }, { "Content-Type": "application/json" }];
      });
    const { sent, fetchSpy } = recordingFetch();
    const ctx = executionContext({
      fetch: fetchSpy,
      params: { invoice_id: "in_123", note: "Café €5" },
      clock: new ManualClock("2026-01-05T09:30:07.900Z"),
    });

    const outcome = await createWebhookExecutor(config)(ctx);

    expect(outcome).toEqual({ ok: true, result: { status: 200, body: { received: true } } });
    scope.done();
    expect(received?.body).toEqual({
      requestId: "req_01HZX3K9Q7",
      number: 42,
      action: "billing-waiver",
      environment: "production",
      team: "T0TEAM",
      params: { invoice_id: "in_123", note: "Café €5" },
      maker: "U0MAKER",
      checkers: ["U0CHECK1", "U0CHECK2"],
      purpose: "Customer was double-charged during the outage",
      approvedAt: "2026-01-05T09:30:00.000Z",
    });
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(received?.headers["idempotency-key"]).toBe("req_01HZX3K9Q7");
    const raw = sent.body;
    if (raw === undefined) throw new Error("no body was sent");
    // 2026-01-05T09:30:07.900Z, in whole seconds.
    const expected = expectedSignature(SECRET, 1_767_605_407, "req_01HZX3K9Q7", raw);
    expect(received?.headers["four-eyes-signature"]).toBe(expected);
    expect(received?.headers["four-eyes-signature"]).toMatch(/^t=1767605407,v1=[0-9a-f]{64}$/);
    // The old header, which signed the body alone and could be replayed for ever, is gone.
    expect(received?.headers["x-signature"]).toBeUndefined();
    // The signed bytes are the JSON that arrived, byte for byte (non-ASCII included).
    expect(JSON.parse(Buffer.from(raw).toString("utf8"))).toEqual(received?.body);
    // Another secret, time or key gives another signature.
    for (const other of [
      expectedSignature("other", 1_767_605_407, "req_01HZX3K9Q7", raw),
      expectedSignature(SECRET, 1_767_605_408, "req_01HZX3K9Q7", raw),
      expectedSignature(SECRET, 1_767_605_407, "req_other", raw),
    ]) {
      expect(other).not.toBe(expected);
    }
  });

  it("signs a retry of the same request afresh, under the same idempotency key", async () => {
    const headers: Record<string, unknown>[] = [];
    nock(HOST)
      .post("/waivers")
      .times(2)
      .reply(function () {
        headers.push(this.req.headers);
        return [503];
      });
    const clock = new ManualClock("2026-01-05T09:30:00.000Z");
    const run = createWebhookExecutor(config);
    await run(executionContext({ clock }));
    clock.advance(10 * 60_000);
    await run(executionContext({ clock }));
    const [first, retry] = headers;
    expect(retry?.["idempotency-key"]).toBe(first?.["idempotency-key"]);
    expect(first?.["four-eyes-signature"]).toMatch(/^t=1767605400,/);
    expect(retry?.["four-eyes-signature"]).toMatch(/^t=1767606000,/);
  });
});

describe("webhook executor answers", () => {
  const run = () => createWebhookExecutor(config)(executionContext());

  it("keeps a text body as text", async () => {
    nock(HOST).post("/waivers").reply(202, "queued as job 7", { "Content-Type": "text/plain" });
    expect(await run()).toEqual({ ok: true, result: { status: 202, body: "queued as job 7" } });
  });

  it("keeps a body labelled JSON that is not JSON as text", async () => {
    nock(HOST).post("/waivers").reply(200, "{oops", { "Content-Type": "application/json" });
    expect(await run()).toEqual({ ok: true, result: { status: 200, body: "{oops" } });
  });

  it("cuts a long body at 4096 characters and says so", async () => {
    const long = JSON.stringify({ data: "x".repeat(5000) });
    nock(HOST).post("/waivers").reply(200, long, { "Content-Type": "application/json" });
    expect(await run()).toEqual({
      ok: true,
      result: { status: 200, body: `${long.slice(0, 4096)}…`, truncated: true },
    });
  });

  it("cuts a body just over the limit", async () => {
    nock(HOST).post("/waivers").reply(200, "y".repeat(4097), { "Content-Type": "text/plain" });
    expect(await run()).toEqual({
      ok: true,
      result: { status: 200, body: `${"y".repeat(4096)}…`, truncated: true },
    });
  });

  it("does not cut a body of exactly 4096 characters", async () => {
    nock(HOST).post("/waivers").reply(200, "y".repeat(4096), { "Content-Type": "text/plain" });
    expect(await run()).toEqual({ ok: true, result: { status: 200, body: "y".repeat(4096) } });
  });

  it("fails on a non-2xx answer and quotes the start of the body", async () => {
    const body = `Invoice in_123 is locked. ${"z".repeat(600)}`;
    nock(HOST).post("/waivers").reply(500, body, { "Content-Type": "text/plain" });
    expect(await run()).toEqual({
      ok: false,
      error: `Webhook answered 500 Internal Server Error: ${body.slice(0, 500)}`,
      result: { status: 500, body },
    });
  });

  it("keeps a JSON error body as JSON in the result", async () => {
    nock(HOST).post("/waivers").reply(422, { error: "amount too high" });
    expect(await run()).toEqual({
      ok: false,
      error: 'Webhook answered 422 Unprocessable Entity: {"error":"amount too high"}',
      result: { status: 422, body: { error: "amount too high" } },
    });
  });

  it("reports a redirect instead of following it with the signed body", async () => {
    const scope = nock(HOST)
      .post("/waivers")
      .reply(302, "", { Location: `${HOST}/elsewhere` });
    expect(await run()).toEqual({
      ok: false,
      error: "Webhook answered 302 Found",
      result: { status: 302, body: "" },
    });
    scope.done();
  });
});

describe("webhook executor failures", () => {
  it("gives up after timeout_ms", async () => {
    nock(HOST).post("/waivers").delay(1000).reply(200, "late");
    const outcome = await createWebhookExecutor({ ...config, timeoutMs: 100 })(executionContext());
    expect(outcome).toEqual({ ok: false, error: "Webhook did not answer within 100 ms" });
  });

  it("says when the webhook cannot be reached", async () => {
    nock(HOST).post("/waivers").replyWithError("connect ECONNREFUSED 127.0.0.1:80");
    expect(await createWebhookExecutor(config)(executionContext())).toEqual({
      ok: false,
      error: "Webhook could not be reached: connect ECONNREFUSED 127.0.0.1:80",
    });
  });

  it("uses the cause of fetch's generic failure", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: new Error("getaddrinfo ENOTFOUND billing.internal"),
      });
    };
    expect(await createWebhookExecutor(config)(executionContext({ fetch: failing }))).toEqual({
      ok: false,
      error: "Webhook could not be reached: getaddrinfo ENOTFOUND billing.internal",
    });
  });

  it("never puts the secret in an error", async () => {
    nock(HOST).post("/waivers").replyWithError(`bad credentials ${SECRET}`);
    const outcome = await createWebhookExecutor(config)(executionContext());
    expect(outcome).toEqual({
      ok: false,
      error: "Webhook could not be reached: bad credentials [redacted]",
    });
  });

  it("stops when the run is cancelled", async () => {
    nock(HOST).post("/waivers").delay(1000).reply(200, "late");
    const controller = new AbortController();
    const pending = createWebhookExecutor(config)(executionContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("shutting down")), 20);
    expect(await pending).toEqual({
      ok: false,
      error: "Webhook call was cancelled before it finished: shutting down",
    });
  });
});

describe("an actions-file action", () => {
  it("calls its webhook signed with the secret from env", async () => {
    const {
      actions: [action],
    } = parseActionsFile(
      [
        "actions:",
        "  - id: billing-waiver",
        "    title: Billing waiver",
        `    executor: { type: webhook, url: ${SECURE_HOST}/from-file, secret_env: HOOK_SECRET }`,
      ].join("\n"),
      "inline.yml",
      { HOOK_SECRET: "from-env" },
    );
    let signature: unknown;
    nock(SECURE_HOST)
      .post("/from-file")
      .reply(function () {
        signature = this.req.headers["four-eyes-signature"];
        return [204];
      });
    const { sent, fetchSpy } = recordingFetch();
    // ManualClock's default start, 2026-01-05T09:00:00Z.
    const outcome = await action?.execute(executionContext({ fetch: fetchSpy }));
    expect(outcome).toEqual({ ok: true, result: { status: 204, body: "" } });
    const raw = sent.body ?? new Uint8Array();
    expect(signature).toBe(expectedSignature("from-env", 1_767_603_600, "req_01HZX3K9Q7", raw));
  });
});
