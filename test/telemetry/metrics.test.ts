import { describe, expect, it } from "vitest";
import { Metrics, type MetricsSnapshot } from "../../src/telemetry/metrics.ts";

const snapshot: MetricsSnapshot = {
  requests: [
    { actionId: "billing-waiver", status: "PENDING", count: 4 },
    { actionId: "billing-waiver", status: "FINISHED", count: 9 },
  ],
  outbox: { pending: 2, dead: 1 },
};

describe("Metrics", () => {
  it("reads the deployment-wide gauges from the database at each scrape", async () => {
    let reads = 0;
    const metrics = new Metrics(async () => {
      reads++;
      return snapshot;
    });
    const { body, contentType } = await metrics.render();
    expect(contentType).toContain("text/plain");
    expect(body).toContain('four_eyes_requests{action="billing-waiver",status="PENDING"} 4');
    expect(body).toContain('four_eyes_requests{action="billing-waiver",status="FINISHED"} 9');
    expect(body).toContain('four_eyes_outbox_messages{state="pending"} 2');
    expect(body).toContain('four_eyes_outbox_messages{state="dead"} 1');
    expect(body).toContain("four_eyes_database_up 1");
    // One read serves every gauge of the scrape.
    expect(reads).toBe(1);
  });

  it("keeps the last values and reports the database down when it cannot be read", async () => {
    let fail = false;
    const metrics = new Metrics(async () => {
      if (fail) throw new Error("connection refused");
      return snapshot;
    });
    await metrics.render();
    await new Promise((resolve) => setImmediate(resolve));
    fail = true;
    const { body } = await metrics.render();
    expect(body).toContain("four_eyes_database_up 0");
    expect(body).toContain('four_eyes_requests{action="billing-waiver",status="FINISHED"} 9');
  });
});
