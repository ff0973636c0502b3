import { describe, expect, it } from "vitest";
import { ok, refuse } from "../../../src/core/result.ts";
import { changeRequest, checkRequest } from "../../../src/requests/use-cases/change-request.ts";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import { MemoryRequestStore } from "../../support/memory-store.ts";
import { MAKER, useCaseSetup, waiver } from "./setup.ts";

async function filed(t: ReturnType<typeof useCaseSetup>) {
  const created = await createRequest(t.ctx, waiver(), null);
  if (!created.ok) throw new Error(created.refusal.message);
  return created.value.request;
}

describe("changeRequest", () => {
  it("writes the decided event with a compare-and-set", async () => {
    const t = useCaseSetup();
    const request = await filed(t);
    const written = await changeRequest(
      t.ctx,
      { requestId: request.id, actorId: MAKER },
      "x",
      async () =>
        ok({ type: "REQUEST_CANCELLED", toStatus: "CANCELLED", details: { reason: null } }),
    );
    expect(written).toMatchObject({ ok: true, value: { request: { status: "CANCELLED" } } });
    expect(t.store.events.at(-1)).toMatchObject({
      type: "REQUEST_CANCELLED",
      actor: MAKER,
      fromStatus: "PENDING",
      toStatus: "CANCELLED",
      causationId: request.lastEventId,
    });
  });

  it("records a refusal as an attempt, unless told not to", async () => {
    const t = useCaseSetup();
    const request = await filed(t);
    const input = { requestId: request.id, actorId: "U0OTHER" };
    const no = async () => refuse("REQUEST.NOT_THE_MAKER", "no");
    expect(await changeRequest(t.ctx, input, "poke", no, { auditRefusal: false })).toMatchObject({
      ok: false,
    });
    expect(t.store.events.filter((e) => e.type === "ATTEMPT_REFUSED")).toHaveLength(0);
    await changeRequest(t.ctx, input, "poke", no);
    expect(t.store.events.filter((e) => e.type === "ATTEMPT_REFUSED")).toMatchObject([
      { actor: "U0OTHER", details: { attempted: "poke", code: "REQUEST.NOT_THE_MAKER" } },
    ]);
  });

  it("decides again on fresh state after a lost race, and gives up as busy", async () => {
    const store = new MemoryRequestStore();
    const t = useCaseSetup({ store });
    const request = await filed(t);
    let decided = 0;
    store.transition = async () => null; // every write loses its race
    const outcome = await changeRequest(
      t.ctx,
      { requestId: request.id, actorId: MAKER },
      "x",
      async () => {
        decided++;
        return ok({ type: "REQUEST_CANCELLED", toStatus: "CANCELLED", details: {} });
      },
    );
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "REQUEST.BUSY" } });
    expect(decided).toBe(25);
  });

  it("refuses a request that does not exist", async () => {
    const t = useCaseSetup();
    const input = { requestId: "nope", actorId: MAKER };
    const refused = { ok: false, refusal: { code: "REQUEST.NOT_FOUND" } };
    expect(await changeRequest(t.ctx, input, "x", async () => ok({} as never))).toMatchObject(
      refused,
    );
    expect(await checkRequest(t.ctx, input, "x", () => null)).toMatchObject(refused);
  });
});

describe("checkRequest", () => {
  it("answers with the request when the rules allow, and records a refusal when not", async () => {
    const t = useCaseSetup();
    const request = await filed(t);
    const input = { requestId: request.id, actorId: MAKER };
    expect(await checkRequest(t.ctx, input, "look", () => null)).toMatchObject({
      ok: true,
      value: { id: request.id },
    });
    const before = t.store.events.length;
    expect(
      await checkRequest(t.ctx, input, "look", () => refuse("REQUEST.NOT_PENDING", "not now")),
    ).toMatchObject({ ok: false, refusal: { message: "not now" } });
    expect(t.store.events.slice(before)).toMatchObject([
      { type: "ATTEMPT_REFUSED", details: { attempted: "look", message: "not now" } },
    ]);
    expect(t.store.requests.get(request.id)?.version).toBe(request.version);
  });
});
