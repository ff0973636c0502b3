import { describe, expect, it } from "vitest";
import type { RequestRecord } from "../../../../src/requests/types.ts";
import { describeSet } from "../../../../src/slack/listeners/views/delegation-submission.ts";

const request = (number: number) => ({ number }) as RequestRecord;

describe("the note a delegation form turns into", () => {
  it("says what moved, and why each kept request stayed, from the report's codes", () => {
    const text = describeSet("U0DELEG", {
      rerouted: [request(1), request(2)],
      kept: [
        { request: request(3), code: "DELEGATE_MADE_IT", delegateId: "U0DELEG" },
        { request: request(4), code: "DELEGATE_ALREADY_CHECKS", delegateId: "U0DELEG" },
        { request: request(5), code: "DELEGATE_NOT_ALLOWED", delegateId: "U0DELEG" },
      ],
    });
    expect(text.split("\n")).toEqual([
      ":palm_tree: Saved: while you are away, the requests you are asked to approve go to <@U0DELEG>.",
      "Moved to them now: #1, #2.",
      "#3 stays with you: <@U0DELEG> made #3.",
      "#4 stays with you: <@U0DELEG> is already a checker of #4.",
      "#5 stays with you: <@U0DELEG> may not approve #5.",
    ]);
  });

  it("says requests move later when the time away has not started", () => {
    expect(describeSet("U0DELEG", null)).toContain("move to them when your time away starts");
  });
});
