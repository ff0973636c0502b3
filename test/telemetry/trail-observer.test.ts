import { describe, expect, it } from "vitest";
import type { AuditEvent, AuditEventType } from "../../src/requests/audit-events.ts";
import type { RequestStatus } from "../../src/requests/status.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { Metrics } from "../../src/telemetry/metrics.ts";
import { observeTrail } from "../../src/telemetry/trail-observer.ts";
import { request } from "../slack/views/fixtures.ts";
import { collectingLogger } from "../support/logger.ts";

let seq = 0;
function event(
  type: AuditEventType,
  about: RequestRecord,
  from: RequestStatus | null,
  to: RequestStatus | null = from,
): AuditEvent {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    type,
    requestId: about.id,
    requestNumber: about.number,
    correlationId: about.correlationId,
    causationId: null,
    actor: "system",
    fromStatus: from,
    toStatus: to,
    at: new Date(),
    details: { params: { card: "4111 1111" }, reason: "free text" },
    seq,
    keyId: "k",
    prevHash: "0",
    hash: "1",
  };
}

/** One sample's value; a histogram's `_sum` and `_count` are samples of the histogram. */
async function value(metrics: Metrics, name: string, labels: Record<string, string>) {
  const metric = metrics.registry.getSingleMetric(name.replace(/_(sum|count)$/, ""));
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? name) === name &&
      Object.entries(labels).every(([key, wanted]) => v.labels[key] === wanted),
  )?.value;
}

describe("observeTrail", () => {
  it("counts the sweep's work and break-glass uses, by action", async () => {
    const metrics = new Metrics();
    const observe = observeTrail(collectingLogger().logger, metrics);
    const pending = request({ status: "PENDING" });
    observe([
      { event: event("REMINDER_SENT", pending, "PENDING"), request: pending },
      { event: event("REMINDER_SENT", pending, "PENDING"), request: pending },
      { event: event("REQUEST_ESCALATED", pending, "PENDING"), request: pending },
    ]);
    const expired = request({ status: "EXPIRED" });
    observe([{ event: event("REQUEST_EXPIRED", expired, "PENDING", "EXPIRED"), request: expired }]);
    const broken = request({ status: "APPROVED", environment: "production" });
    observe([{ event: event("BREAK_GLASS_USED", broken, "PENDING", "APPROVED"), request: broken }]);

    const action = pending.actionId;
    expect(await value(metrics, "four_eyes_reminders_total", { action })).toBe(2);
    expect(await value(metrics, "four_eyes_escalations_total", { action })).toBe(1);
    expect(await value(metrics, "four_eyes_expiries_total", { action })).toBe(1);
    expect(
      await value(metrics, "four_eyes_break_glass_total", { action, environment: "production" }),
    ).toBe(1);
    // Only real moves count as transitions: a reminder leaves the request PENDING.
    expect(
      await value(metrics, "four_eyes_request_transitions_total", { action, status: "PENDING" }),
    ).toBeUndefined();
    expect(
      await value(metrics, "four_eyes_request_transitions_total", { action, status: "EXPIRED" }),
    ).toBe(1);
  });

  it("times an execution from its start to its outcome", async () => {
    const metrics = new Metrics();
    const started = new Date("2026-11-24T10:00:00Z");
    const done = request({
      status: "FINISHED",
      executionStartedAt: started,
      executedAt: new Date(started.getTime() + 1500),
    });
    observeTrail(
      collectingLogger().logger,
      metrics,
    )([{ event: event("REQUEST_FINISHED", done, "EXECUTING", "FINISHED"), request: done }]);
    const labels = { action: done.actionId, outcome: "finished" };
    expect(await value(metrics, "four_eyes_executions_total", labels)).toBe(1);
    expect(await value(metrics, "four_eyes_execution_duration_seconds_sum", labels)).toBe(1.5);
  });

  it("logs one line per event with the request's ids, never the event's details", () => {
    const { logger, entries } = collectingLogger();
    const declined = request({ status: "DECLINED" });
    observeTrail(
      logger,
      new Metrics(),
    )([{ event: event("REQUEST_DECLINED", declined, "PENDING", "DECLINED"), request: declined }]);
    expect(entries).toEqual([
      {
        level: "info",
        message: `#${declined.number} REQUEST_DECLINED → DECLINED`,
        fields: expect.objectContaining({
          request: declined.number,
          requestId: declined.id,
          correlationId: declined.correlationId,
          maker: declined.makerId,
          checkers: declined.checkerIds,
          event: "REQUEST_DECLINED",
        }),
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain("4111");
    expect(JSON.stringify(entries)).not.toContain("free text");
  });
});
