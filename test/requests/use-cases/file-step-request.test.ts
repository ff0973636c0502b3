import { describe, expect, it } from "vitest";
import {
  fileStepRequest,
  type StepRequestInput,
} from "../../../src/requests/use-cases/file-step-request.ts";
import { CHECKER, MAKER, slackSetup, value } from "./setup.ts";

const step = (overrides: Partial<StepRequestInput> = {}): StepRequestInput => ({
  executionId: "Fx0STEP1",
  workflowExecutionId: "Wx0RUN1",
  actionId: "waive-invoice",
  makerId: MAKER,
  checkerId: CHECKER,
  environment: "production",
  team: "Acme",
  purpose: "Refund form: double-charged",
  details: "Submitted with the Refund request form",
  params: { invoice_id: "in_1" },
  ...overrides,
});

describe("fileStepRequest", () => {
  it("files a pending request that records the step, in the store and in its created event", async () => {
    const t = slackSetup();
    const { request, created } = value(await fileStepRequest(t.ctx, step()));
    expect(created).toBe(true);
    expect(request).toMatchObject({
      status: "PENDING",
      makerId: MAKER,
      checkerIds: [CHECKER],
      workflowStep: {
        executionId: "Fx0STEP1",
        workflowExecutionId: "Wx0RUN1",
        details: "Submitted with the Refund request form",
      },
    });
    expect(t.store.events[0]?.details).toMatchObject({
      workflowStep: { executionId: "Fx0STEP1", workflowExecutionId: "Wx0RUN1" },
    });
  });

  it("files one request per execution, however often the step is delivered", async () => {
    const t = slackSetup();
    const first = value(await fileStepRequest(t.ctx, step()));
    const again = value(await fileStepRequest(t.ctx, step({ purpose: "changed on the way" })));
    expect(again).toEqual({ request: first.request, created: false });
    expect(t.store.events.filter((e) => e.type === "REQUEST_CREATED")).toHaveLength(1);
  });

  it("files one request when two deliveries race past the look-up", async () => {
    const t = slackSetup();
    const [a, b] = await Promise.all([
      fileStepRequest(t.ctx, step()),
      fileStepRequest(t.ctx, step()),
    ]);
    expect([value(a).created, value(b).created].sort()).toEqual([false, true]);
    expect(value(a).request.id).toBe(value(b).request.id);
  });

  it("refuses the maker as checker, and seals the attempt", async () => {
    const t = slackSetup();
    const result = await fileStepRequest(t.ctx, step({ checkerId: MAKER }));
    expect(result).toMatchObject({ ok: false, refusal: { code: "REQUEST.SELF_APPROVAL" } });
    expect(t.store.events.map((e) => [e.type, e.details.code])).toEqual([
      ["ATTEMPT_REFUSED", "REQUEST.SELF_APPROVAL"],
    ]);
  });

  it("sends it to the designated checkers when the workflow names none, never the maker", async () => {
    const t = slackSetup();
    const filed = value(
      await fileStepRequest(
        t.ctx,
        step({ actionId: "restricted", makerId: "U0ALLOWED", checkerId: null, params: {} }),
      ),
    );
    expect(filed.request.checkerIds).toEqual(["U0BOSS", "U0LEAD"]);
    const lead = value(
      await fileStepRequest(
        t.ctx,
        step({
          executionId: "Fx0STEP2",
          actionId: "restricted",
          makerId: "U0ALLOWED",
          checkerId: null,
          params: {},
        }),
      ),
    );
    expect(lead.request.checkerIds).not.toContain("U0ALLOWED");
  });

  it("says a checker is needed when the workflow names none and the action designates nobody", async () => {
    const t = slackSetup();
    const result = await fileStepRequest(t.ctx, step({ checkerId: null }));
    expect(result).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.INVALID", fields: { checkers: "Choose a checker." } },
    });
  });

  it("applies the action's allow-lists and per-environment rules as the form does", async () => {
    const t = slackSetup();
    const maker = await fileStepRequest(t.ctx, step({ actionId: "restricted", params: {} }));
    expect(maker).toMatchObject({ ok: false, refusal: { code: "REQUEST.MAKER_NOT_ALLOWED" } });
    const env = await fileStepRequest(t.ctx, step({ environment: "moon" }));
    expect(env).toMatchObject({
      ok: false,
      refusal: { fields: { environment: expect.any(String) } },
    });
  });

  it("fills in the only environment when the step names none", async () => {
    const t = slackSetup();
    const only = { actionId: "restricted", makerId: "U0ALLOWED", checkerId: null, params: {} };
    const filed = value(await fileStepRequest(t.ctx, step({ ...only, environment: null })));
    expect(filed.request.environment).toBe("production");
    const two = await fileStepRequest(t.ctx, step({ executionId: "Fx0STEP2", environment: null }));
    expect(two).toMatchObject({
      ok: false,
      refusal: { fields: { environment: "Choose an environment." } },
    });
  });
});
