import { describe, expect, it } from "vitest";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import { action, CHECKER, request, visibleText } from "./fixtures.ts";

const step = { executionId: "Fx0STEP", workflowExecutionId: "Wx0RUN", details: null };

describe("cards of a request a workflow filed", () => {
  it("tell the checker and the maker that a workflow filed it, with the workflow's details", () => {
    const filed = request({ workflowStep: { ...step, details: "From the refund form: *urgent*" } });
    const checker = renderCheckerMessage({ request: filed, action: action(), checkerId: CHECKER });
    const maker = renderMakerMessage({ request: filed, action: action() });
    for (const card of [checker, maker]) {
      const text = visibleText(card.blocks);
      expect(text).toContain("Filed by a workflow");
      // The workflow's words are shown literally: no bold smuggled in.
      expect(text).toContain("From the refund form: \u2217urgent\u2217");
      expect(text).not.toContain("*urgent*");
      expect(validateBlocks(card.blocks, "message")).toEqual([]);
    }
  });

  it("say so without details too, and say nothing of workflows for a request from the form", () => {
    const filed = request({ workflowStep: step });
    const checker = renderCheckerMessage({ request: filed, action: action(), checkerId: CHECKER });
    expect(visibleText(checker.blocks)).toContain("Filed by a workflow");
    const plain = renderCheckerMessage({
      request: request(),
      action: action(),
      checkerId: CHECKER,
    });
    expect(visibleText(plain.blocks)).not.toContain("workflow");
  });

  it("keep a card's section within Slack's limit with the longest purpose and details", () => {
    const filed = request({
      purpose: "p".repeat(1000),
      workflowStep: { ...step, details: "d".repeat(2000) },
    });
    const card = renderCheckerMessage({ request: filed, action: action(), checkerId: CHECKER });
    expect(validateBlocks(card.blocks, "message")).toEqual([]);
  });
});
