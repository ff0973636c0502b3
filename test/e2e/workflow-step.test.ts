import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { clickOn, modalOpenedBy } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const HOUR = 3_600_000;
const approvalOnly = () => `  - id: workflow-approval
    title: Workflow approval
    description: Approve what a Slack workflow asks for
    environments: [workflow]
    executor: { type: none }
`;

describe("the Workflow Builder step, end to end", () => {
  let e2e: E2E;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({ clock, extraActions: approvalOnly });
  });
  afterAll(() => e2e?.close());

  /** Runs the step as Workflow Builder would: the event, delivered over HTTP. */
  async function runStep(inputs: Record<string, unknown> = {}) {
    const event = e2e.standIn.executeFunction({
      inputs: {
        action: "workflow-approval",
        maker: USERS.maker,
        checker: USERS.checker,
        team: "Customer refunds",
        purpose: "Refund form: charged twice",
        details: "Requested through the refund form",
        ...inputs,
      },
    });
    const response = await e2e.driver.functionExecuted(event);
    expect(response.status).toBe(200);
    return { event, id: String(event.function_execution_id) };
  }

  async function requestOf(executionId: string) {
    let number = 0;
    await until(async () => {
      const request = await e2e.bot.engine.database.prisma.request.findFirst({
        where: { workflowStep: { path: ["executionId"], equals: executionId } },
      });
      number = request?.number ?? 0;
      return number > 0;
    });
    return number;
  }

  it("approved: the checker decides in the DM, the step completes once with the outcome", async () => {
    const { id } = await runStep();
    const number = await requestOf(id);
    const card = await e2e.dm(USERS.checker, new RegExp(`asks you to approve[\\s\\S]*#${number}`));
    expect(messageText(card)).toContain("Filed by a workflow");
    expect(messageText(card)).toContain("Requested through the refund form");
    expect(e2e.standIn.functionExecution(id)?.status).toBe("running");

    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    const done = await e2e.standIn.waitForFunctionCompletion(id);
    expect(done).toMatchObject({
      status: "completed",
      calls: 1,
      outputs: {
        status: "approved",
        request_number: number,
        decided_by: USERS.checker,
        decided_at: expect.any(Number),
      },
    });
    // Completed with the app's own token, not the execution's short-lived one.
    const call = await e2e.standIn.waitForCall(
      "functions.completeSuccess",
      (c) => c.args.function_execution_id === id,
    );
    expect(call.token).toBe("xoxb-e2e");
    // Everything the request queued went out: nothing else completes the step again.
    const requestId = (await e2e.bot.engine.requests.findByNumber(number))?.id;
    await until(async () => {
      const pending = await e2e.bot.engine.database.prisma.outboxMessage.count({
        where: { requestId, status: { not: "SENT" } },
      });
      return pending === 0;
    });
    expect(e2e.standIn.functionExecution(id)?.calls).toBe(1);
  });

  it("declined: the reason goes to the workflow", async () => {
    const { id } = await runStep();
    const number = await requestOf(id);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const click = await clickOn(e2e, USERS.checker, number, ACTION.decline);
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Not charged twice" });
    const done = await e2e.standIn.waitForFunctionCompletion(id);
    expect(done.outputs).toMatchObject({ status: "declined", reason: "Not charged twice" });
  });

  it("expired days later, long after the execution's own token ran out: completes with expired", async () => {
    const { id } = await runStep();
    const number = await requestOf(id);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    clock.advance(7 * 24 * HOUR);
    expect((await e2e.bot.sweeper.sweep()).expired).toBeGreaterThanOrEqual(1);
    const done = await e2e.standIn.waitForFunctionCompletion(id);
    expect(done.outputs).toEqual({
      status: "expired",
      request_number: number,
      decided_at: expect.any(Number),
    });
    expect(done.tokenExpiresAt).toBeLessThan(clock.now().getTime());
  });

  it("the maker as checker: the step fails at once in the author's words, nothing is filed, the attempt is sealed", async () => {
    const { id } = await runStep({ checker: USERS.maker });
    const failed = await e2e.standIn.waitForFunctionCompletion(id);
    expect(failed).toMatchObject({
      status: "failed",
      error: `Four Eyes did not file the request: checker ${USERS.maker} is the maker: a request cannot be approved by its own maker.`,
    });
    const filed = await e2e.bot.engine.database.prisma.request.findFirst({
      where: { workflowStep: { path: ["executionId"], equals: id } },
    });
    expect(filed).toBeNull();
    const refused = await e2e.bot.engine.database.prisma.auditEvent.findMany({
      where: { type: "ATTEMPT_REFUSED", actor: USERS.maker },
    });
    expect(refused.map((e) => (e.details as { code?: string }).code)).toContain(
      "REQUEST.SELF_APPROVAL",
    );
  });

  it("inputs Slack cannot vouch for fail the step, naming them", async () => {
    const { id } = await runStep({ action: "billing-waiver", params: "{not json" });
    const failed = await e2e.standIn.waitForFunctionCompletion(id);
    expect(failed.error).toBe('params must be a JSON object, like {"amount": 250}.');
  });

  it("an event Slack delivers twice files one request", async () => {
    const { event, id } = await runStep();
    const again = await e2e.driver.functionExecuted(event, {
      retryNum: 1,
      retryReason: "http_timeout",
    });
    expect(again.status).toBe(200);
    const number = await requestOf(id);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const rows = await e2e.bot.engine.database.prisma.request.findMany({
      where: { workflowStep: { path: ["executionId"], equals: id } },
    });
    expect(rows).toHaveLength(1);
  });

  it("a run its author stopped: the completion is given up on at once, the request stands", async () => {
    const { id } = await runStep();
    const number = await requestOf(id);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    e2e.standIn.endExecution(id);
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await until(async () => {
      const message = await e2e.bot.engine.database.prisma.outboxMessage.findFirst({
        where: { recipient: id },
      });
      return message?.status === "DEAD";
    });
    const message = await e2e.bot.engine.database.prisma.outboxMessage.findFirst({
      where: { recipient: id },
    });
    expect(message).toMatchObject({
      status: "DEAD",
      lastError: "execution_not_in_running_state",
      attempts: 1,
    });
    expect((await e2e.bot.engine.requests.findByNumber(number))?.status).toBe("FINISHED");
    // The maker hears that the workflow did not go on, under their card.
    const told = await e2e.dm(USERS.maker, new RegExp(`#${number}: the workflow that filed`));
    expect(messageText(told)).toContain("its run was no longer waiting");
    expect(told.thread_ts).toBeDefined();
  });
});
