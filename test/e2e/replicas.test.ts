import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { type Cluster, startCluster } from "../support/replica/cluster.ts";
import type { Replica } from "../support/replica/replicas.ts";
import { clickOn, fileRequest } from "./flows.ts";
import { USERS, until } from "./harness.ts";

const HOUR = 3_600_000;
const start = new Date();
const at = (ms: number) => new Date(start.getTime() + ms);
const waiver = (invoice: string) => ({
  [BLOCK.environment]: "production",
  [BLOCK.team]: "Acme Corp",
  [paramBlockId("invoice_id")]: invoice,
  [BLOCK.checkers]: USERS.checker,
  [BLOCK.purpose]: "Double-charged",
});

/** Several processes share one database only on a server: PostgreSQL. */
describe.runIf(process.env.TEST_DATABASE_URL)("three replicas on one PostgreSQL", () => {
  let cluster: Cluster;
  let replicas: Replica[];
  let sql: pg.Client;

  beforeAll(async () => {
    // Every replica sweeps every second, so they all race for the same due work.
    cluster = await startCluster({ clockStart: start, env: { REMINDER_CRON: "* * * * * *" } });
    // The database is a copy of the run's migrated one: no replica has anything to apply.
    replicas = await Promise.all([cluster.start("a"), cluster.start("b"), cluster.start("c")]);
    sql = new pg.Client({ connectionString: cluster.env.DATABASE_URL });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await cluster?.close();
  });

  const outboxDrained = () =>
    until(async () => {
      const { rows } = await sql.query(
        "SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'SENT'",
      );
      return rows[0].n === 0;
    });
  /**
   * Real clocks move together; these jump one process at a time. Jumping while a message is in
   * flight would let a replica already in the future take it over from one still in the past, so
   * the outbox is drained first.
   */
  const setClocks = async (time: Date) => {
    await outboxDrained();
    await Promise.all(replicas.map((replica) => replica.setClock(time)));
  };
  const eventCount = async (type: string, number: number) => {
    const { rows } = await sql.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE type = $1 AND request_number = $2",
      [type, number],
    );
    return rows[0].n as number;
  };
  /** Long enough for every replica's cron to fire at least twice more. */
  const severalTicks = () => new Promise((resolve) => setTimeout(resolve, 2500));

  it("never sends a reminder twice, runs an approval once, expires once", async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const numbers = [
      await fileRequest(cluster.via(a), waiver("in_1")),
      await fileRequest(cluster.via(b), waiver("in_2")),
      await fileRequest(cluster.via(c), waiver("in_3")),
    ];
    for (const number of numbers) await cluster.dm(USERS.checker, new RegExp(`#${number}`));

    await setClocks(at(4 * HOUR + 1000));
    for (const number of numbers) {
      await cluster.dm(USERS.checker, new RegExp(`Reminder 1 of 3: #${number}\\b`));
    }
    await severalTicks();
    for (const number of numbers) {
      expect(
        cluster.dmsMatching(USERS.checker, new RegExp(`Reminder 1 of 3: #${number}\\b`)),
      ).toHaveLength(1);
      expect(await eventCount("REMINDER_SENT", number)).toBe(1);
    }

    // The same card clicked through two replicas at once (a double click behind a balancer).
    const [first, second, third] = numbers as [number, number, number];
    await Promise.all([
      clickOn(cluster.via(a), USERS.checker, first, ACTION.approve),
      clickOn(cluster.via(b), USERS.checker, first, ACTION.approve),
      clickOn(cluster.via(c), USERS.checker, second, ACTION.approve),
    ]);
    for (const number of [first, second]) {
      await cluster.dm(USERS.maker, new RegExp(`#${number} Billing waiver is done`));
    }

    await setClocks(at(7 * 24 * HOUR + 2000));
    await cluster.dm(USERS.maker, new RegExp(`#${third}[\\s\\S]*expired`, "i"));
    await severalTicks();

    expect(cluster.webhook.received.map((call) => call.body.number).sort()).toEqual(
      [first, second].sort(),
    );
    expect(await eventCount("EXECUTION_STARTED", first)).toBe(1);
    expect(await eventCount("REQUEST_EXPIRED", third)).toBe(1);
    expect(cluster.dmsMatching(USERS.maker, new RegExp(`#${third}[\\s\\S]*expired:`))).toHaveLength(
      1,
    );
    for (const number of [first, second]) {
      expect(
        cluster.dmsMatching(USERS.maker, new RegExp(`#${number} Billing waiver is done`)),
      ).toHaveLength(1);
    }
    // Every outbox message went out once: one post per key, however many replicas sent.
    await outboxDrained();
    const { rows: sent } = await sql.query("SELECT count(*)::int AS n FROM outbox_messages");
    const posts = cluster.standIn
      .callsTo("chat.postMessage")
      .filter((call) => !call.failed)
      .map((call) => `${call.args.channel}: ${call.args.text}`);
    expect(posts.filter((post, index) => posts.indexOf(post) !== index)).toEqual([]);
    expect(posts).toHaveLength(sent[0].n);

    // One grep of a correlation id shows a request's whole life, whichever replica did what.
    const { rows: filed } = await sql.query(
      "SELECT correlation_id FROM requests WHERE number = $1",
      [second],
    );
    const correlationId = String(filed[0].correlation_id);
    const lines = replicas.flatMap((replica) =>
      replica
        .output()
        .split("\n")
        .filter((line) => line.includes(correlationId))
        .map((line): Record<string, unknown> => ({ replica: replica.name, ...JSON.parse(line) })),
    );
    expect(lines.map((line) => line.event)).toEqual(
      expect.arrayContaining([
        "REQUEST_CREATED",
        "REMINDER_SENT",
        "REQUEST_APPROVED",
        "EXECUTION_STARTED",
        "REQUEST_FINISHED",
      ]),
    );
    expect(lines.find((line) => line.event === "REQUEST_CREATED")).toMatchObject({
      replica: "b",
      request: second,
      user: USERS.maker,
    });
    expect(lines.find((line) => line.event === "REQUEST_APPROVED")).toMatchObject({
      replica: "c",
      request: second,
      user: USERS.checker,
      actionId: ACTION.approve,
    });
  }, 300_000);
});
