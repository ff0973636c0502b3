import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuditSinks } from "../../src/app/audit-sinks.ts";
import { type Engine, startEngine } from "../../src/app/engine.ts";
import { loadEngineConfig } from "../../src/config/engine-config.ts";
import { parseSinksConfig, type SinksConfig } from "../../src/config/sinks-config.ts";
import { systemClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { outboxStore } from "../../src/db/ports.ts";
import type { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import type { StartCron } from "../../src/scheduler/cron-job.ts";
import { Metrics } from "../../src/telemetry/metrics.ts";
import { seedDataDir } from "../support/database.ts";
import { WAIT_MS } from "../support/patience.ts";
import { ChainReceiver } from "../support/sink-receiver.ts";

const AUDIT_KEY = "audit-sinks-test-key-audit-sinks-test-key";

function sinksConfig(env: Record<string, string>): SinksConfig {
  const parsed = parseSinksConfig(env);
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  return parsed.config;
}

describe("the audit sinks in the bot", () => {
  let dir: string;
  let engine: Engine;
  let outbox: PrismaOutboxStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-app-sinks-"));
    await writeFile(path.join(dir, "actions.yml"), "actions: []\n");
    await seedDataDir(dir);
    engine = await startEngine(
      loadEngineConfig({ DATA_DIR: dir, ACTIONS_FILE: path.join(dir, "actions.yml"), AUDIT_KEY }),
      { env: {} },
    );
    outbox = outboxStore(engine.database);
  });
  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const options = (sinks: SinksConfig, metrics = new Metrics()) => ({
    sinks,
    auditChannel: "C0AUDIT",
    outbox,
    wakeOutbox: () => {},
    metrics,
    clock: systemClock,
    logger: silentLogger,
    pollMs: 10,
  });

  it("is not built when no sink is configured", () => {
    expect(createAuditSinks(engine, options(sinksConfig({})))).toBeNull();
  });

  it("delivers each commit's events, and the scheduled checkpoint after them, to the channel too", async () => {
    const out = path.join(dir, "audit-out");
    const metrics = new Metrics();
    const sinks = createAuditSinks(
      engine,
      options(sinksConfig({ AUDIT_SINK_FILE_DIR: out }), metrics),
    );
    let tick: (() => Promise<void>) | undefined;
    const cron: StartCron = (expression, task) => {
      expect(expression).toBe("0 * * * *");
      tick = task;
      return { stop: () => {} };
    };
    sinks?.start(cron);
    try {
      const created = await engine.requests.createRequest({
        actionId: "post-note",
        environment: "production",
        team: "Platform",
        params: { note: "Freeze on Friday", audience: "engineering" },
        purpose: "Tell people",
        makerId: "U1MAKER",
        checkerIds: ["U2CHECK"],
      });
      expect(created.ok).toBe(true);
      await tick?.();
      const receiver = new ChainReceiver();
      await vi.waitFor(
        async () => {
          const files = await readdir(out);
          const text = await readFile(path.join(out, files[0] as string), "utf8");
          const lines = text.split("\n").filter(Boolean);
          expect(JSON.parse(lines.at(-1) ?? "{}").kind).toBe("checkpoint");
          for (const line of lines) receiver.accept(line);
        },
        { timeout: WAIT_MS, interval: 10 },
      );
      expect(receiver.problems).toEqual([]);
      expect(receiver.events.length).toBeGreaterThan(0);
      const [checkpoint] = receiver.checkpoints;
      expect(checkpoint?.seq).toBe(receiver.lastSeq);
      expect(
        await outbox.exists(`audit-checkpoint:${checkpoint?.seq}:${checkpoint?.hash.slice(0, 16)}`),
      ).toBe(true);
      const rendered = await metrics.render();
      expect(rendered.body).toMatch(/four_eyes_audit_sink_delivered_total\{sink="file"\} [1-9]/);
      expect(rendered.body).toContain('four_eyes_audit_sink_lag_events{sink="file"} 0');
    } finally {
      await sinks?.stop();
    }
  });
});
