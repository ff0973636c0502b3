import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERRUPTED_ERROR } from "../../src/requests/resume-policy.ts";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { type Cluster, startCluster } from "../support/replica/cluster.ts";
import { clickOn, fileRequest } from "./flows.ts";
import { messageText, USERS, until } from "./harness.ts";

const start = new Date();
const later = (ms: number) => new Date(start.getTime() + ms);
const common = {
  [BLOCK.environment]: "production",
  [BLOCK.team]: "Acme Corp",
  [BLOCK.checkers]: USERS.checker,
  [BLOCK.purpose]: "Needed today",
};
const waiver = (invoice: string) => ({ ...common, [paramBlockId("invoice_id")]: invoice });
const rocket = { ...common, [paramBlockId("rocket")]: "Falcon" };

describe("a process killed mid-work, and one asked to stop", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ clockStart: start });
  });
  afterAll(() => cluster?.close());

  it("after SIGKILL the next start resumes the webhook, fails the unsafe action, sends the outbox once", async () => {
    const first = await cluster.start("first");
    const via = cluster.via(first);
    const waiverNumber = await fileRequest(via, waiver("in_1"));
    const rocketNumber = await fileRequest(via, rocket, "launch-rocket");
    const laterNumber = await fileRequest(via, waiver("in_2"));
    await cluster.dm(USERS.checker, new RegExp(`approve[\\s\\S]*#${laterNumber}`));

    // Both targets take their time; the process dies while it waits on them.
    cluster.webhook.hold();
    cluster.rockets.hold();
    await clickOn(via, USERS.checker, waiverNumber, ACTION.approve);
    await clickOn(via, USERS.checker, rocketNumber, ACTION.approve);
    await until(async () => cluster.webhook.received.length === 1);
    await until(async () => cluster.rockets.received.length === 1);
    // Slack is rate limiting, so the nudge's reminder waits in the outbox.
    cluster.standIn.failNext("chat.postMessage", { times: 1000, retryAfterSeconds: 30 });
    await clickOn(via, USERS.maker, laterNumber, ACTION.nudge);
    await cluster.standIn.waitFor(
      (call) => call.method === "chat.postMessage" && Boolean(call.failed),
    );

    expect(await first.kill("SIGKILL")).toBeNull();
    cluster.standIn.clearFailures();
    cluster.webhook.release();
    cluster.rockets.release();

    // Back two minutes later, past the execution lease and the rate limit: starting is enough.
    const second = await cluster.start("second", {
      TEST_CLOCK_START: later(2 * 60_000).toISOString(),
    });

    await cluster.dm(USERS.maker, new RegExp(`#${waiverNumber} Billing waiver is done`));
    const [before, after, ...more] = cluster.webhook.received;
    expect(more).toEqual([]);
    expect(after?.headers["idempotency-key"]).toBe(before?.headers["idempotency-key"]);
    expect(after?.body.number).toBe(waiverNumber);

    const failed = await cluster.dm(
      USERS.maker,
      new RegExp(`#${rocketNumber} Launch rocket failed`),
    );
    expect(messageText(failed)).toContain(INTERRUPTED_ERROR);
    await cluster.dm(
      USERS.checker,
      new RegExp(`#${rocketNumber} Launch rocket, which you approved, was interrupted`),
    );
    expect(cluster.rockets.received).toHaveLength(1);

    await cluster.dm(USERS.checker, new RegExp(`is waiting for your decision on #${laterNumber}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      cluster.dmsMatching(
        USERS.checker,
        new RegExp(`is waiting for your decision on #${laterNumber}`),
      ),
    ).toHaveLength(1);

    // A card posted by the process that died works like any other.
    const click = await clickOn(cluster.via(second), USERS.checker, laterNumber, ACTION.approve);
    expect(click.status).toBe(200);
    await cluster.dm(USERS.maker, new RegExp(`#${laterNumber} Billing waiver is done`));
    expect(await second.kill("SIGTERM")).toBe(0);
  }, 300_000);

  it("on SIGTERM it stops taking requests, lets the running action finish, flushes the outbox, exits 0", async () => {
    const bot = await cluster.start("third", {
      TEST_CLOCK_START: later(3 * 60_000).toISOString(),
    });
    const via = cluster.via(bot);
    const number = await fileRequest(via, waiver("in_3"));
    cluster.webhook.hold();
    await clickOn(via, USERS.checker, number, ACTION.approve);
    await until(async () => cluster.webhook.received.some((call) => call.body.number === number));

    bot.process.kill("SIGTERM");
    await until(async () => bot.output().includes("SIGTERM: stopping"));
    const refused = await fetch(`http://127.0.0.1:${bot.port}/healthz`).then(
      (response) => response.status,
      () => "refused",
    );
    expect(refused).toBe("refused");
    // The action in flight finishes after the signal, and its outcome still reaches Slack.
    cluster.webhook.release();
    expect(await bot.exited).toBe(0);
    const told = cluster.dmsMatching(USERS.maker, new RegExp(`#${number} Billing waiver is done`));
    expect(told).toHaveLength(1);
  }, 300_000);
});
