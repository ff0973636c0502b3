import { describe, expect, it } from "vitest";
import { checkReadiness, type ReadinessProbes } from "../../src/telemetry/readiness.ts";

const healthy: ReadinessProbes = {
  database: async () => {},
  pendingMigrations: async () => [],
  slackAuthenticated: () => true,
  dispatcherRunning: () => true,
};

describe("checkReadiness", () => {
  it("is ready when every check passes", async () => {
    const report = await checkReadiness(healthy);
    expect(report.ready).toBe(true);
    expect(Object.values(report.checks).every((check) => check.ok)).toBe(true);
  });

  it("says the database is unreachable, and does not read migrations then", async () => {
    let asked = false;
    const report = await checkReadiness({
      ...healthy,
      database: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      },
      pendingMigrations: async () => {
        asked = true;
        return [];
      },
    });
    expect(report.ready).toBe(false);
    expect(report.checks.database).toEqual({
      ok: false,
      detail: "unreachable: connect ECONNREFUSED 127.0.0.1:5432",
    });
    expect(report.checks.migrations.ok).toBe(false);
    expect(asked).toBe(false);
  });

  it("gives up on a database that does not answer, rather than hang the probe", async () => {
    const report = await checkReadiness({ ...healthy, database: () => new Promise(() => {}) }, 50);
    expect(report.checks.database).toEqual({
      ok: false,
      detail: "unreachable: no answer within 50 ms",
    });
  });

  it("names pending migrations and the command that applies them", async () => {
    const report = await checkReadiness({
      ...healthy,
      pendingMigrations: async () => ["20261124100000_policies"],
    });
    expect(report.checks.migrations).toEqual({
      ok: false,
      detail: "pending: 20261124100000_policies (run npm run db:migrate)",
    });
  });

  it("is not ready before Slack accepted the token, or with the outbox stopped", async () => {
    const report = await checkReadiness({
      ...healthy,
      slackAuthenticated: () => false,
      dispatcherRunning: () => false,
    });
    expect(report.ready).toBe(false);
    expect(report.checks.slack.ok).toBe(false);
    expect(report.checks.outbox).toEqual({ ok: false, detail: "dispatcher stopped" });
  });
});
