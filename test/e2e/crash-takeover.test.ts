/**
 * A bot killed while an action runs, restarted at once: it takes over what it left running as it
 * starts, without waiting for the lease to run out (the clocks never move past it here). And a
 * replica starting beside a live process leaves that process's execution alone.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERRUPTED_ERROR } from "../../src/requests/resume-policy.ts";
import { emptyReport } from "../../src/scheduler/sweeper.ts";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { type Cluster, startCluster } from "../support/replica/cluster.ts";
import { clickOn, fileRequest } from "./flows.ts";
import { messageText, USERS, until } from "./harness.ts";

const start = new Date();
const common = {
  [BLOCK.environment]: "production",
  [BLOCK.team]: "Acme Corp",
  [BLOCK.checkers]: USERS.checker,
  [BLOCK.purpose]: "Needed today",
};
const waiver = (invoice: string) => ({ ...common, [paramBlockId("invoice_id")]: invoice });
const rocket = { ...common, [paramBlockId("rocket")]: "Falcon" };

describe("taking over at once what a killed process left running", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ clockStart: start });
  }, 60_000);
  afterAll(() => cluster?.close());

  const callsFor = (number: number) =>
    cluster.webhook.received.filter((call) => call.body.number === number);

  it("after SIGKILL, the restarted bot resumes the webhook and fails the unsafe action as it starts", async () => {
    const first = await cluster.start("first");
    const via = cluster.via(first);
    const waiverNumber = await fileRequest(via, waiver("in_1"));
    const rocketNumber = await fileRequest(via, rocket, "launch-rocket");
    cluster.webhook.hold();
    cluster.rockets.hold();
    await clickOn(via, USERS.checker, waiverNumber, ACTION.approve);
    await clickOn(via, USERS.checker, rocketNumber, ACTION.approve);
    await until(async () => callsFor(waiverNumber).length === 1, 10_000);
    await until(async () => cluster.rockets.received.length === 1, 10_000);

    expect(await first.kill("SIGKILL")).toBeNull();
    cluster.webhook.release();
    cluster.rockets.release();

    // The same time as before the crash: the execution leases have most of a minute to run.
    const second = await cluster.start("second");
    await cluster.dm(USERS.maker, new RegExp(`#${waiverNumber} Billing waiver is done`), {
      timeoutMs: 15_000,
    });
    const [before, after, ...more] = callsFor(waiverNumber);
    expect(more).toEqual([]);
    expect(after?.headers["idempotency-key"]).toBe(before?.headers["idempotency-key"]);

    const failed = await cluster.dm(
      USERS.maker,
      new RegExp(`#${rocketNumber} Launch rocket failed`),
      { timeoutMs: 15_000 },
    );
    expect(messageText(failed)).toContain(INTERRUPTED_ERROR);
    expect(cluster.rockets.received).toHaveLength(1);
    expect(second.output()).toMatch(/was left running by a process that stopped; resuming it/);
    // Nothing is left for a later sweep to run again.
    expect(await second.sweep()).toEqual(emptyReport());
    expect(callsFor(waiverNumber)).toHaveLength(2);
    expect(await second.kill("SIGTERM")).toBe(0);
  }, 120_000);

  // Bot processes start slowly on a busy machine (the first one migrates): the timeouts allow
  // for it. The takeover itself happens while the restarted bot starts.

  /** Several processes share one database only on a server: PostgreSQL. */
  it.runIf(process.env.TEST_DATABASE_URL)(
    "a replica starting beside a live process on the same host leaves its execution alone",
    async () => {
      const running = await cluster.start("running");
      const via = cluster.via(running);
      const number = await fileRequest(via, waiver("in_2"));
      cluster.webhook.hold();
      await clickOn(via, USERS.checker, number, ACTION.approve);
      await until(async () => callsFor(number).length === 1, 10_000);

      // Same host, same DATA_DIR: the same instance, but its process is alive.
      const beside = await cluster.start("beside");
      expect(await beside.sweep()).toEqual(emptyReport());
      cluster.webhook.release();
      await cluster.dm(USERS.maker, new RegExp(`#${number} Billing waiver is done`));
      expect(callsFor(number)).toHaveLength(1);
      const sql = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
      await sql.connect();
      try {
        const { rows } = await sql.query(
          "SELECT type FROM audit_events WHERE request_number = $1 ORDER BY seq",
          [number],
        );
        expect(rows.map((row) => row.type)).toEqual([
          "REQUEST_CREATED",
          "REQUEST_APPROVED",
          "EXECUTION_STARTED",
          "REQUEST_FINISHED",
        ]);
      } finally {
        await sql.end();
      }
      expect(await beside.kill("SIGTERM")).toBe(0);
      expect(await running.kill("SIGTERM")).toBe(0);
    },
    120_000,
  );
});
