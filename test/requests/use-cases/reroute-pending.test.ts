import { describe, expect, it } from "vitest";
import type { Delegation } from "../../../src/requests/delegation.ts";
import { staticDirectory } from "../../../src/requests/directory.ts";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import { reroutePending } from "../../../src/requests/use-cases/reroute-pending.ts";
import { useCaseSetup, waiver } from "./setup.ts";

const DELEGATE = "U0DELEG";

function delegation(delegateId = DELEGATE): Delegation {
  const at = new Date("2026-03-02T14:00:00.000Z");
  return {
    id: "d1",
    checkerId: "U0LEAD",
    delegateId,
    startsAt: at,
    endsAt: new Date(at.getTime() + 3_600_000),
    endedAt: null,
    activatedAt: null,
    createdAt: at,
  };
}

describe("reroutePending", () => {
  it("moves what the delegate can check and reports what stayed by code", async () => {
    const t = useCaseSetup({
      directory: staticDirectory({ S0LEADS: ["U0LEAD"], S0MAKERS: ["U0MAKE"] }),
    });
    const file = async (overrides: Parameters<typeof waiver>[0]) => {
      const created = await createRequest(t.ctx, waiver(overrides), null);
      if (!created.ok) throw new Error(created.refusal.message);
      return created.value.request;
    };
    const plain = await file({ checkerIds: ["U0LEAD"] });
    const theirs = await file({ makerId: DELEGATE, checkerIds: ["U0LEAD"] });
    const both = await file({ checkerIds: ["U0LEAD", DELEGATE] });
    const restricted = await file({
      actionId: "restricted",
      makerId: "U0MAKE",
      params: {},
      checkerIds: ["U0LEAD"],
    });
    const report = await reroutePending(t.ctx, delegation());
    expect(report.rerouted.map((r) => r.id)).toEqual([plain.id]);
    expect(
      report.kept.map(({ request, code, delegateId }) => [request.id, code, delegateId]),
    ).toEqual([
      [theirs.id, "DELEGATE_MADE_IT", DELEGATE],
      [both.id, "DELEGATE_ALREADY_CHECKS", DELEGATE],
      [restricted.id, "DELEGATE_NOT_ALLOWED", DELEGATE],
    ]);
    // Safe to repeat: nothing is left to move, and nothing new is reported as kept wrongly.
    const again = await reroutePending(t.ctx, delegation());
    expect(again.rerouted).toEqual([]);
    expect(again.kept.map((k) => k.code)).toEqual([
      "DELEGATE_MADE_IT",
      "DELEGATE_ALREADY_CHECKS",
      "DELEGATE_NOT_ALLOWED",
    ]);
  });
});
