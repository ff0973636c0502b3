import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { type NewRequestInput, RequestService } from "../../src/requests/request-service.ts";
import type { RequestRecord } from "../../src/requests/types.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

const MAKER = "U0MAKER";
const ANA = "U0ANA";
const BEN = "U0BEN";
const STRANGER = "U0STRANGE";

const execute = async () => ({ ok: true as const, result: null });
const actions = new ActionRegistry([
  defineAction({
    id: "delete-account",
    title: "Delete account",
    description: "Two checkers must agree",
    approvals: 2,
    params: [{ name: "account", label: "Account", type: "text", required: true }],
    execute,
  }),
  defineAction({
    id: "restart",
    title: "Restart",
    description: "Can be run by breaking the glass",
    breakGlass: true,
    params: [],
    execute,
  }),
]);

function setup() {
  const store = new MemoryRequestStore();
  const service = new RequestService({
    store,
    actions,
    clock: new ManualClock("2026-03-02T14:00:00.000Z"),
    directory: staticDirectory(),
    environments: ["production"],
    // Every break-glass use is posted to an audit channel: one review settles it.
    auditChannel: "C0AUDIT",
  });
  return { store, service };
}

async function filed(t: ReturnType<typeof setup>, overrides: Partial<NewRequestInput> = {}) {
  const result = await t.service.createRequest({
    actionId: "delete-account",
    environment: "production",
    team: "Acme",
    params: { account: "acme-eu" },
    purpose: "Customer left",
    makerId: MAKER,
    checkerIds: [ANA, BEN],
    ...overrides,
  });
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

/** What someone with write access to the requests table does: edits the row, not the trail. */
function editRow(store: MemoryRequestStore, id: string, edit: Partial<RequestRecord>) {
  const row = store.requests.get(id);
  if (!row) throw new Error("no such request");
  store.requests.set(id, { ...row, ...edit });
}

const refusedAttempts = (store: MemoryRequestStore) =>
  store.events
    .filter((event) => event.type === "ATTEMPT_REFUSED")
    .map((event) => [event.actor, event.details.attempted, event.details.code]);

describe("decisions are taken on what the trail sealed, not on the editable row", () => {
  it("a stranger added to the checkers by hand cannot approve, and the attempt is recorded", async () => {
    const t = setup();
    const request = await filed(t);
    editRow(t.store, request.id, { checkerIds: [ANA, BEN, STRANGER] });
    const outcome = await t.service.approveRequest({ requestId: request.id, actorId: STRANGER });
    expect(outcome).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.TRAIL_MISMATCH",
        message: `#${request.number} cannot be approved: its record in the database does not match its audit trail (checker_ids differs), so who may decide on it cannot be trusted. Tell an administrator: \`npm run audit -- verify\` shows what changed.`,
      },
    });
    expect(refusedAttempts(t.store)).toEqual([[STRANGER, "approve", "REQUEST.TRAIL_MISMATCH"]]);
    expect((await t.service.findById(request.id))?.approvedBy).toEqual([]);
    // Nor can they get the decline form.
    const form = await t.service.checkDecision({ requestId: request.id, actorId: STRANGER });
    expect(form).toMatchObject({ ok: false, refusal: { code: "REQUEST.TRAIL_MISMATCH" } });
  });

  it("a lowered approvals_required does not let one approval approve a request that needs two", async () => {
    const t = setup();
    const request = await filed(t);
    expect(request.approvalsRequired).toBe(2);
    editRow(t.store, request.id, { approvalsRequired: 1 });
    const outcome = await t.service.approveRequest({ requestId: request.id, actorId: ANA });
    expect(!outcome.ok && outcome.refusal).toMatchObject({
      code: "REQUEST.TRAIL_MISMATCH",
      message: expect.stringContaining("(approvals_required differs)"),
    });
    expect((await t.service.findById(request.id))?.status).toBe("PENDING");
    // Put back as sealed, the same checkers decide as usual.
    editRow(t.store, request.id, { approvalsRequired: 2 });
    expect((await t.service.approveRequest({ requestId: request.id, actorId: ANA })).ok).toBe(true);
    const second = await t.service.approveRequest({ requestId: request.id, actorId: BEN });
    expect(second.ok && second.value.approved).toBe(true);
  });

  it("a row rolled back by hand to before a decision is refused too", async () => {
    const t = setup();
    const request = await filed(t, { checkerIds: [ANA, BEN] });
    const declined = await t.service.declineRequest({
      requestId: request.id,
      actorId: ANA,
      reason: "Wrong account",
    });
    expect(declined.ok).toBe(true);
    // Back to how it was when filed: PENDING, as if nobody had declined it.
    t.store.requests.set(request.id, request);
    const outcome = await t.service.approveRequest({ requestId: request.id, actorId: BEN });
    expect(!outcome.ok && outcome.refusal).toMatchObject({
      code: "REQUEST.TRAIL_MISMATCH",
      message: expect.stringContaining("(it is older than its audit trail)"),
    });
  });

  it("a break-glass review by a reviewer added by hand is refused", async () => {
    const t = setup();
    const request = await filed(t, {
      actionId: "restart",
      params: {},
      checkerIds: [ANA],
      breakGlass: { reason: "Outage" },
    });
    editRow(t.store, request.id, { checkerIds: [ANA, STRANGER] });
    const review = await t.service.reviewBreakGlass({
      requestId: request.id,
      actorId: STRANGER,
      verdict: "ACKNOWLEDGED",
    });
    expect(!review.ok && review.refusal.message).toMatch(
      /^#\d+ cannot be reviewed: .*\(checker_ids differs\)/,
    );
    const check = await t.service.checkReview({ requestId: request.id, actorId: STRANGER });
    expect(check).toMatchObject({ ok: false, refusal: { code: "REQUEST.TRAIL_MISMATCH" } });
  });

  it("a request set to APPROVED or EXECUTING by hand is not run", async () => {
    const t = setup();
    const request = await filed(t);
    editRow(t.store, request.id, { status: "APPROVED" });
    expect(await t.service.executeRequest(request.id)).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.TRAIL_MISMATCH",
        message: expect.stringMatching(/^#\d+ cannot be run: .*\(status differs\)/),
      },
    });
    editRow(t.store, request.id, { status: "EXECUTING" });
    expect(await t.service.resumeExecution(request.id)).toMatchObject({
      ok: false,
      refusal: { code: "REQUEST.TRAIL_MISMATCH" },
    });
    expect(t.store.events.map((event) => event.type)).toEqual(["REQUEST_CREATED"]);
  });
});
