import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Metrics } from "../../src/telemetry/metrics.ts";
import { createOpsServer, handleOpsRequest } from "../../src/telemetry/ops-endpoints.ts";
import type { ReadinessProbes } from "../../src/telemetry/readiness.ts";

const probes: ReadinessProbes = {
  database: async () => {},
  pendingMigrations: async () => [],
  slackAuthenticated: () => true,
  dispatcherRunning: () => true,
};

describe("the ops endpoints", () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function serve(made: Server) {
    server = made;
    await new Promise<void>((resolve) => made.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(made.address() as AddressInfo).port}`;
  }

  /** The Slack-facing port: whatever the ops endpoints do not answer is a 404. */
  function slackFacing(servesPrivate: boolean) {
    const ops = { metrics: new Metrics(), probes, isStarted: () => true, servesPrivate };
    return createServer((req, res) => {
      if (!handleOpsRequest(ops, req, res)) res.writeHead(404).end();
    });
  }

  it("answers only /healthz where /readyz and /metrics are not asked for", async () => {
    const base = await serve(slackFacing(false));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/readyz`)).status).toBe(404);
  });

  it("answers all three where they are asked for", async () => {
    const base = await serve(slackFacing(true));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain("four_eyes_process_cpu");
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: "ready" });
  });

  it("serves all three on the ops port; not started means 503 for health and readiness", async () => {
    let started = false;
    const base = await serve(
      createOpsServer({ metrics: new Metrics(), probes, isStarted: () => started }),
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "not ready" });
    started = true;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe("ok\n");
    expect(await (await fetch(`${base}/metrics`)).text()).toContain("four_eyes_process_cpu");
    expect((await fetch(`${base}/slack/events`, { method: "POST" })).status).toBe(404);
  });
});
