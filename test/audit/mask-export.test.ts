import { describe, expect, it } from "vitest";
import { type Creation, maskEvents } from "../../src/audit/mask-export.ts";
import { MASK } from "../../src/factory/params.ts";
import type { AuditEvent } from "../../src/requests/audit-events.ts";
import { auditEvent, request } from "../slack/views/fixtures.ts";

const original = request({ params: { invoice_id: "in_1", card_last4: "1111" } });
const other = request({
  id: "0b9e5c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d",
  number: 13,
  params: { invoice_id: "in_2", card_last4: "2222" },
});
const failedOriginal = auditEvent(
  { type: "REQUEST_FAILED", details: { error: "card 1111 and 2222 declined", result: null } },
  original,
);
const failedOther = auditEvent(
  { type: "REQUEST_FAILED", details: { error: "card 2222 declined", result: { card: "2222" } } },
  other,
);
const refusedCreate = auditEvent({
  type: "ATTEMPT_REFUSED",
  requestId: null,
  details: { attempted: "create", message: "1111" },
});

async function* stream(events: readonly AuditEvent[]) {
  yield* events;
}

async function masked(events: readonly AuditEvent[], creations: Record<string, Creation> = {}) {
  const asked: string[] = [];
  const out: AuditEvent[] = [];
  const masking = {
    isSensitive: (actionId: string, param: string) =>
      actionId !== "billing-waiver" || param === "card_last4",
    creationOf: async (id: string) => {
      asked.push(id);
      return creations[id] ?? null;
    },
  };
  for await (const event of maskEvents(stream(events), masking)) out.push(event);
  return { out, asked };
}

describe("maskEvents", () => {
  it("masks each request's own sensitive values, from its creation in the stream", async () => {
    const { out, asked } = await masked([auditEvent({}, original), failedOriginal]);
    expect(asked).toEqual([]);
    expect(out[0]?.details.params).toEqual({ invoice_id: "in_1", card_last4: MASK });
    // Another request's value is not this request's to know, so it is not masked here.
    expect(out[1]?.details).toEqual({ error: `card ${MASK} and 2222 declined`, result: null });
    expect(out[1]).toMatchObject({ seq: failedOriginal.seq, hash: failedOriginal.hash });
  });

  it("looks a creation up when the export starts after it, once per request", async () => {
    const { out, asked } = await masked([failedOther, failedOther], {
      [other.id]: { action: "billing-waiver", params: other.params },
    });
    expect(asked).toEqual([other.id]);
    expect(out[1]?.details).toEqual({ error: `card ${MASK} declined`, result: { card: MASK } });
  });

  it("masks every param of an action it does not know, and leaves events of no request alone", async () => {
    const gone = request({ actionId: "retired", params: { account: "acct-9" } });
    const { out } = await masked([
      auditEvent({}, gone),
      auditEvent({ type: "REQUEST_DECLINED", details: { reason: "acct-9 is closed" } }, gone),
      refusedCreate,
    ]);
    expect(out[0]?.details.params).toEqual({ account: MASK });
    expect(out[1]?.details).toEqual({ reason: `${MASK} is closed` });
    expect(out[2]).toBe(refusedCreate);
  });
});
