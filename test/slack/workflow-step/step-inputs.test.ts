import { describe, expect, it } from "vitest";
import { stepFailureText } from "../../../src/slack/workflow-step/failure-text.ts";
import { parseStepInputs } from "../../../src/slack/workflow-step/step-inputs.ts";

const execution = { executionId: "Fx0STEP1", workflowExecutionId: "Wx0RUN1" };
const inputs = {
  action: "billing-waiver",
  maker: "U0MAKER",
  checker: "U0CHECK",
  environment: "production",
  team: "Acme",
  purpose: "Refund form",
  details: "From the refund form",
  params: '{"invoice_id": "in_1", "amount": 250}',
};

describe("parseStepInputs", () => {
  it("turns the step's inputs into the request they ask for", () => {
    expect(parseStepInputs(inputs, execution)).toEqual({
      ok: true,
      value: {
        ...execution,
        actionId: "billing-waiver",
        makerId: "U0MAKER",
        checkerId: "U0CHECK",
        environment: "production",
        team: "Acme",
        purpose: "Refund form",
        details: "From the refund form",
        params: { invoice_id: "in_1", amount: 250 },
      },
    });
  });

  it("reads optional inputs left out or left empty as not given", () => {
    const parsed = parseStepInputs(
      { ...inputs, checker: "", environment: null, details: undefined, params: "" },
      execution,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { checkerId: null, environment: null, details: null, params: {} },
    });
  });

  it("names every input that is wrong, in words for the workflow's author", () => {
    const parsed = parseStepInputs(
      { ...inputs, maker: "Dana", purpose: " ", params: "[1, 2]", details: "x".repeat(2001) },
      execution,
    );
    expect(parsed).toEqual({
      ok: false,
      message:
        'maker must be a Slack user id (U…), not a name; purpose is empty; details must be at most 2000 characters; params must be a JSON object, like {"amount": 250}.',
    });
    expect(parseStepInputs({}, execution)).toMatchObject({
      ok: false,
      message: expect.stringContaining("action is required"),
    });
  });
});

describe("stepFailureText", () => {
  const input = {
    ...execution,
    actionId: "billing-waiver",
    makerId: "U0MAKER",
    checkerId: "U0MAKER",
    environment: null,
    team: "t",
    purpose: "p",
    details: null,
    params: {},
  };

  it("says the maker cannot be their own checker, naming the input", () => {
    const text = stepFailureText({ code: "REQUEST.SELF_APPROVAL", message: "You cannot…" }, input);
    expect(text).toBe(
      "Four Eyes did not file the request: checker U0MAKER is the maker: a request cannot be approved by its own maker.",
    );
  });

  it("names the inputs of field problems, params by their own name", () => {
    const refusal = {
      code: "REQUEST.INVALID",
      message: "Some fields need another look.",
      fields: { environment: "Choose an environment.", invoice_id: "Invoice ID is required" },
    };
    expect(stepFailureText(refusal, input)).toBe(
      "Four Eyes did not file the request: environment: Choose an environment. params.invoice_id: Invoice ID is required",
    );
  });

  it("explains a missing checker when the action designates nobody", () => {
    const refusal = {
      code: "REQUEST.INVALID",
      message: "m",
      fields: { checkers: "Choose a checker." },
    };
    expect(stepFailureText(refusal, { ...input, checkerId: null })).toContain(
      'checker is empty and action "billing-waiver" designates no checkers here',
    );
  });

  it("shows people by their ids, not as Slack markup", () => {
    const refusal = {
      code: "REQUEST.CHECKER_NOT_ALLOWED",
      message:
        '<@U0CHECK> may not check "Billing waiver" requests: checkers must be <!subteam^S0LEADS|@leads>.',
    };
    expect(stepFailureText(refusal, input)).toBe(
      'Four Eyes did not file the request: U0CHECK may not check "Billing waiver" requests: checkers must be S0LEADS.',
    );
  });
});
