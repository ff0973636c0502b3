import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../../src/outbox/outbox-store.ts";
import type { AuditEventDraft } from "../../../src/requests/audit-events.ts";
import {
  stepCompletion,
  withStepCompletions,
} from "../../../src/slack/workflow-step/step-completion.ts";
import { stepOutputs } from "../../../src/slack/workflow-step/step-outputs.ts";
import { pendingRequest } from "../../support/request-record.ts";

const step = { executionId: "Fx0STEP1", workflowExecutionId: "Wx0RUN1", details: null };
const event = { type: "REQUEST_DECLINED" } as AuditEventDraft;
const decidedAt = new Date("2026-03-02T15:00:00.000Z");

describe("stepOutputs", () => {
  it("gives the outcome, who decided and when, and the reason", () => {
    const declined = pendingRequest({
      status: "DECLINED",
      decidedBy: "U0CHECK",
      decidedAt,
      decisionReason: "Not a duplicate charge",
      workflowStep: step,
    });
    expect(stepOutputs(declined)).toEqual({
      status: "declined",
      request_number: 12,
      decided_by: "U0CHECK",
      decided_at: decidedAt.getTime() / 1000,
      reason: "Not a duplicate charge",
    });
  });

  it("says approved once the action ran, with its result as JSON; failed with its error", () => {
    const done = { decidedBy: "U0CHECK", decidedAt, workflowStep: step };
    const finished = pendingRequest({ ...done, status: "FINISHED", result: { note: "ok" } });
    expect(stepOutputs(finished)).toMatchObject({ status: "approved", result: '{"note":"ok"}' });
    const failed = pendingRequest({ ...done, status: "FAILED", error: "HTTP 500" });
    expect(stepOutputs(failed)).toMatchObject({ status: "failed", reason: "HTTP 500" });
  });

  it("names nobody as the decider of an expiry", () => {
    const expired = pendingRequest({ status: "EXPIRED", decidedBy: "system", decidedAt });
    expect(stepOutputs(expired)).toEqual({
      status: "expired",
      request_number: 12,
      decided_at: decidedAt.getTime() / 1000,
    });
  });
});

describe("stepCompletion", () => {
  const open = pendingRequest({ workflowStep: step });
  const closed = pendingRequest({
    status: "DECLINED",
    decidedBy: "U0CHECK",
    decidedAt,
    workflowStep: step,
  });

  it("queues the completion with the change that closes a step's request, for its execution", () => {
    expect(stepCompletion({ request: closed, previous: open, event })).toEqual([
      {
        key: `${closed.id}:step`,
        requestId: closed.id,
        recipient: "Fx0STEP1",
        threadKey: null,
        payload: { step: { outputs: stepOutputs(closed) } },
      },
    ]);
  });

  it("queues nothing while it is open, after it closed, or for a request no step filed", () => {
    expect(stepCompletion({ request: open, previous: null, event })).toEqual([]);
    expect(stepCompletion({ request: closed, previous: closed, event })).toEqual([]);
    const plain = pendingRequest({ status: "DECLINED" });
    expect(stepCompletion({ request: plain, previous: pendingRequest(), event })).toEqual([]);
  });
});

describe("withStepCompletions", () => {
  const message = (payload: object) =>
    ({
      key: "r:step",
      recipient: "Fx0STEP1",
      payload,
      ts: null,
      channel: null,
    }) as unknown as OutboxMessage;

  function client(answer: () => Promise<unknown>) {
    const calls: unknown[] = [];
    const web = {
      functions: {
        completeSuccess: (args: unknown) => {
          calls.push(args);
          return answer();
        },
      },
    } as unknown as WebClient;
    return { web, calls };
  }

  it("completes the step with its outputs and leaves other messages to the next deliverer", async () => {
    const { web, calls } = client(async () => ({ ok: true }));
    const posted: unknown[] = [];
    const deliver = withStepCompletions(async (m) => {
      posted.push(m.key);
      return { ok: true, channel: "D1", ts: "1.1" };
    }, web);
    const outputs = { status: "approved", request_number: 3 };
    await expect(deliver(message({ step: { outputs } }), null)).resolves.toEqual({
      ok: true,
      channel: "Fx0STEP1",
      ts: "completed",
    });
    expect(calls).toEqual([{ function_execution_id: "Fx0STEP1", outputs }]);
    await deliver(message({ text: "hello" }), null);
    expect(posted).toEqual(["r:step"]);
    expect(calls).toHaveLength(1);
  });

  it("gives up at once when Slack says the run is over; retries what a retry can fix", async () => {
    const platform = (error: string) => async () => {
      throw Object.assign(new Error(error), {
        code: "slack_webapi_platform_error",
        data: { error },
      });
    };
    const over = client(platform("execution_not_in_running_state"));
    const deliver = withStepCompletions(async () => ({ ok: false, error: "x" }), over.web);
    const outputs = { status: "approved", request_number: 3 };
    await expect(deliver(message({ step: { outputs } }), null)).resolves.toMatchObject({
      ok: false,
      error: "execution_not_in_running_state",
      permanent: true,
    });
    const busy = client(platform("internal_error"));
    const retry = withStepCompletions(async () => ({ ok: false, error: "x" }), busy.web);
    await expect(retry(message({ step: { outputs } }), null)).resolves.toMatchObject({
      ok: false,
      permanent: false,
    });
  });
});
