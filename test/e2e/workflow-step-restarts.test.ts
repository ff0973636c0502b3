import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { type Cluster, startCluster } from "../support/replica/cluster.ts";
import { clickOn } from "./flows.ts";
import { USERS, until } from "./harness.ts";

const start = new Date();
const later = (ms: number) => new Date(start.getTime() + ms);

/** The step's inputs for a billing waiver, as a refund workflow would fill them in. */
const waiverStep = (invoice: string) => ({
  action: "billing-waiver",
  maker: USERS.maker,
  checker: USERS.checker,
  environment: "production",
  team: "Customer refunds",
  purpose: "Refund form: charged twice",
  params: JSON.stringify({ invoice_id: invoice }),
});

describe("a workflow step across restarts and replicas", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ clockStart: start });
  });
  afterAll(() => cluster?.close());

  async function numberOf(invoice: string): Promise<number> {
    const card = await cluster.dm(
      USERS.checker,
      new RegExp(`asks you to approve[\\s\\S]*${invoice}`),
    );
    return Number(/#(\d+)/.exec(card.text)?.[1]);
  }

  it("killed between the decision and the completion: the next start completes the step once", async () => {
    const first = await cluster.start("first");
    const event = cluster.standIn.executeFunction({ inputs: waiverStep("in_restart") });
    const id = String(event.function_execution_id);
    expect((await first.driver.functionExecuted(event)).status).toBe(200);
    const number = await numberOf("in_restart");

    // Slack is having trouble: the completion fails and waits for its next attempt.
    cluster.standIn.failNext("functions.completeSuccess", { times: 1000, error: "internal_error" });
    await clickOn(cluster.via(first), USERS.checker, number, ACTION.approve);
    await cluster.standIn.waitForCall("functions.completeSuccess", (c) => Boolean(c.failed));
    expect(await first.kill("SIGKILL")).toBeNull();
    cluster.standIn.clearFailures();

    // Back two minutes later, past the outbox lease: starting is enough.
    await cluster.start("second", {
      TEST_CLOCK_START: later(2 * 60_000).toISOString(),
    });
    const done = await cluster.standIn.waitForFunctionCompletion(id);
    expect(done.outputs).toMatchObject({ status: "approved", request_number: number });
    await cluster.dm(USERS.maker, new RegExp(`#${number} Billing waiver is done`));
    const accepted = cluster.standIn.calls.filter(
      (call) =>
        call.method === "functions.completeSuccess" &&
        call.args.function_execution_id === id &&
        !call.failed,
    );
    expect(accepted).toHaveLength(1);
    expect(cluster.webhook.received.filter((w) => w.body.number === number)).toHaveLength(1);
    // How a process stops is crash-and-shutdown.test.ts's subject; cluster.close() ends this one.
  }, 300_000);

  // Several processes share one database only on a server.
  it.runIf(process.env.TEST_DATABASE_URL)(
    "one event delivered to two replicas files one request; the decision completes the step once",
    async () => {
      const clock = { TEST_CLOCK_START: later(4 * 60_000).toISOString() };
      const [a, b] = await Promise.all([cluster.start("a", clock), cluster.start("b", clock)]);
      const event = cluster.standIn.executeFunction({ inputs: waiverStep("in_replicas") });
      const id = String(event.function_execution_id);
      const answers = await Promise.all([a, b].map((r) => r.driver.functionExecuted(event)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const number = await numberOf("in_replicas");

      await clickOn(cluster.via(b), USERS.checker, number, ACTION.approve);
      const done = await cluster.standIn.waitForFunctionCompletion(id);
      expect(done.outputs).toMatchObject({
        status: "approved",
        request_number: number,
        decided_by: USERS.checker,
      });
      await cluster.dm(USERS.maker, new RegExp(`#${number} Billing waiver is done`));
      await until(async () => cluster.standIn.functionExecution(id)?.status === "completed");
      expect(
        cluster.dmsMatching(USERS.checker, new RegExp(`approve[\\s\\S]*#${number}\\b`)),
      ).toHaveLength(1);
      expect(cluster.standIn.functionExecution(id)?.calls).toBe(1);
    },
    300_000,
  );
});
