import { describe, expect, it } from "vitest";
import { staticDirectory } from "../../../src/requests/directory.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import {
  decisionRefusal,
  notPending,
  notTheMaker,
  reviewRefusal,
} from "../../../src/requests/use-cases/refusals.ts";
import { slackStyleDirectory } from "../../support/slack-style-directory.ts";
import { MAKER, useCaseSetup, waiver } from "./setup.ts";

async function filed(): Promise<RequestRecord> {
  const t = useCaseSetup();
  const created = await createRequest(t.ctx, waiver({ checkerIds: ["U0A", "U0B"] }), null);
  if (!created.ok) throw new Error(created.refusal.message);
  return created.value.request;
}

describe("refusal texts", () => {
  it("name people as the directory does, with no chat markup of their own", async () => {
    const request = await filed();
    const neutral = staticDirectory();
    expect(notTheMaker(neutral, request, "cancel").refusal.message).toBe(
      `Only @${MAKER} can cancel #1.`,
    );
    expect(decisionRefusal(neutral, request, "U0C", "approve")?.refusal.message).toBe(
      "Only @U0A or @U0B can decide on #1.",
    );
    expect(decisionRefusal(slackStyleDirectory(), request, "U0C", "approve")?.refusal.message).toBe(
      "Only <@U0A> or <@U0B> can decide on #1.",
    );
  });

  it("say who decided a request that is no longer pending, and when", async () => {
    const request: RequestRecord = {
      ...(await filed()),
      status: "DECLINED",
      decidedBy: "U0A",
      decidedAt: new Date("2026-03-02T15:04:00Z"),
    };
    expect(notPending(staticDirectory(), request, "cancelled").refusal.message).toBe(
      "#1 was already declined by @U0A at 2026-03-02 15:04 UTC, so it cannot be cancelled.",
    );
    const running = { ...request, status: "EXECUTING" as const };
    expect(notPending(staticDirectory(), running, "cancelled").refusal.message).toBe(
      "#1 was already approved by @U0A at 2026-03-02 15:04 UTC and is running, so it cannot be cancelled.",
    );
  });

  it("name the other reviewers when a first look waits for a second", async () => {
    const request: RequestRecord = {
      ...(await filed()),
      breakGlassReason: "on fire",
      reviewsRequired: 2,
      reviewedBy: "U0A",
      reviewVerdict: null,
    };
    expect(reviewRefusal(staticDirectory(), request, "U0A")?.refusal).toEqual({
      code: "REQUEST.ALREADY_REVIEWED",
      message: "You already acknowledged #1; it needs a second look by another reviewer: @U0B.",
    });
    expect(reviewRefusal(staticDirectory(), request, "U0B")).toBeNull();
  });
});
