import { describe, expect, it } from "vitest";
import { approveRequest } from "../../../src/requests/use-cases/approve-request.ts";
import { declineRequest } from "../../../src/requests/use-cases/decline-request.ts";
import { executeRequest } from "../../../src/requests/use-cases/execute-request.ts";
import { CHECKER, filed, slackSetup } from "./setup.ts";

const TWO_APPROVALS = {
  actionId: "delete-account",
  params: { account: "acme" },
  checkerIds: ["U0A", "U0B", "U0C"],
};

describe("approveRequest", () => {
  it("with approvals = 2 it runs only after two distinct checkers; one decline ends it", async () => {
    const t = slackSetup();
    const request = await filed(t, TWO_APPROVALS);
    const first = await approveRequest(t.ctx, { requestId: request.id, actorId: "U0A" });
    expect(first).toMatchObject({
      ok: true,
      value: { approved: false, request: { status: "PENDING", approvedBy: ["U0A"] } },
    });
    expect(await approveRequest(t.ctx, { requestId: request.id, actorId: "U0A" })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.ALREADY_APPROVED" },
    });
    expect(await executeRequest(t.ctx, request.id)).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_PENDING" },
    });
    const second = await approveRequest(t.ctx, { requestId: request.id, actorId: "U0B" });
    expect(second).toMatchObject({
      ok: true,
      value: { approved: true, request: { status: "APPROVED" } },
    });

    const other = await filed(t, TWO_APPROVALS);
    await approveRequest(t.ctx, { requestId: other.id, actorId: "U0A" });
    await declineRequest(t.ctx, { requestId: other.id, actorId: "U0C", reason: "No" });
    expect(await approveRequest(t.ctx, { requestId: other.id, actorId: "U0B" })).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.NOT_PENDING" },
    });
  });

  it("records each approval short of the last as such, counting towards the required", async () => {
    const t = slackSetup();
    const request = await filed(t, TWO_APPROVALS);
    await approveRequest(t.ctx, { requestId: request.id, actorId: "U0B" });
    await approveRequest(t.ctx, { requestId: request.id, actorId: "U0C" });
    expect(
      t.store.events.map((e) => [e.type, e.actor, e.fromStatus, e.toStatus, e.details]),
    ).toEqual([
      ["REQUEST_CREATED", "U0MAKER", null, "PENDING", expect.anything()],
      ["APPROVAL_RECORDED", "U0B", "PENDING", "PENDING", { approvals: 1, approvalsRequired: 2 }],
      ["REQUEST_APPROVED", "U0C", "PENDING", "APPROVED", { approvals: 2, approvalsRequired: 2 }],
    ]);
    expect(await t.store.findById(request.id)).toMatchObject({
      status: "APPROVED",
      approvedBy: ["U0B", "U0C"],
      decidedBy: "U0C",
    });
  });

  it("approves a one-checker request at once", async () => {
    const t = slackSetup();
    const request = await filed(t);
    expect(await approveRequest(t.ctx, { requestId: request.id, actorId: CHECKER })).toMatchObject({
      ok: true,
      value: { approved: true, event: { type: "REQUEST_APPROVED", actor: CHECKER } },
    });
  });
});
