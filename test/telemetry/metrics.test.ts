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

  it("reads the database once for any number of scrapes within 15 s, then again", async () => {
    let reads = 0;
    let pending = 4;
    let clock = 1_000;
    const metrics = new Metrics(
      async () => {
        reads++;
        return {
          ...snapshot,
          requests: [{ actionId: "billing-waiver", status: "PENDING", count: pending }],
        };
      },
      { now: () => clock },
    );
    for (let scrape = 0; scrape < 20; scrape++) await metrics.render();
    expect(reads).toBe(1);

    clock += 14_999;
    pending = 5;
    expect((await metrics.render()).body).toContain(
      'four_eyes_requests{action="billing-waiver",status="PENDING"} 4',
    );
    expect(reads).toBe(1);

    clock += 1;
    expect((await metrics.render()).body).toContain(
      'four_eyes_requests{action="billing-waiver",status="PENDING"} 5',
    );
    expect(reads).toBe(2);
  });

  it("keeps the last values and reports the database down when it cannot be read", async () => {
    let fail = false;
    let reads = 0;
    let clock = 0;
    const metrics = new Metrics(
      async () => {
        reads++;
        if (fail) throw new Error("connection refused");
        return snapshot;
      },
      { now: () => clock },
    );
    await metrics.render();
    fail = true;
    clock += 15_000;
    const { body } = await metrics.render();
    expect(body).toContain("four_eyes_database_up 0");
    expect(body).toContain('four_eyes_requests{action="billing-waiver",status="FINISHED"} 9');
    // A failing database is not asked again on every scrape either.
    await metrics.render();
    expect(reads).toBe(2);
  });
});
