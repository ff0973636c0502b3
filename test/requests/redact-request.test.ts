import { describe, expect, it } from "vitest";
import { MASK } from "../../src/factory/params.ts";
import { redactor } from "../../src/requests/redact.ts";
import {
  failureHeadline,
  redactEvent,
  redactRequest,
  sensitivityOf,
  storySecrets,
} from "../../src/requests/redact-request.ts";
import { action, auditEvent, inStatus, request } from "../slack/views/fixtures.ts";

describe("sensitivityOf", () => {
  it("follows the action's params; a param it does not declare, or no action, is sensitive", () => {
    const waiver = sensitivityOf(action());
    expect(["invoice_id", "card_last4", "removed_since"].map(waiver)).toEqual([false, true, true]);
    expect(sensitivityOf(undefined)("invoice_id")).toBe(true);
  });
});

describe("redactRequest", () => {
  it("masks the sensitive values in the result, the error and every text people wrote", () => {
    const finished = {
      ...inStatus.FINISHED(),
      result: { status: 200, body: { echo: "card 4242", card_last4: "4242" } },
      purpose: "Card 4242 was charged twice",
      team: "Acme 4242",
    };
    expect(redactRequest(finished, action())).toMatchObject({
      result: { status: 200, body: { echo: `card ${MASK}`, card_last4: MASK } },
      purpose: `Card ${MASK} was charged twice`,
      team: `Acme ${MASK}`,
      params: finished.params,
    });
    const failed = {
      ...inStatus.FAILED(),
      error: 'Webhook answered 502 Bad Gateway: {"error":"card 4242 declined"}',
      decisionReason: null,
      breakGlassReason: "4242 is stuck",
      reviewNote: "why 4242?",
    };
    expect(redactRequest(failed, action())).toMatchObject({
      error: `Webhook answered 502 Bad Gateway: {"error":"card ${MASK} declined"}`,
      breakGlassReason: `${MASK} is stuck`,
      reviewNote: `why ${MASK}?`,
    });
    const declined = { ...inStatus.DECLINED(), decisionReason: "4242 is not theirs" };
    expect(redactRequest(declined, action()).decisionReason).toBe(`${MASK} is not theirs`);
  });

  it("masks every value when the action is no longer configured", () => {
    const failed = { ...inStatus.FAILED(), error: "in_123 could not be waived" };
    expect(redactRequest(failed, undefined).error).toBe(`${MASK} could not be waived`);
    expect(redactRequest(failed, action()).error).toBe("in_123 could not be waived");
  });

  it("returns the request itself when nothing in it is sensitive", () => {
    const plain = request({ params: { invoice_id: "in_123" }, error: "in_123" });
    expect(redactRequest(plain, action())).toBe(plain);
  });
});

describe("storySecrets", () => {
  it("includes the values of every request created in the story (duplicates filed with others)", () => {
    const original = request({ params: { invoice_id: "in_1", card_last4: "1111" } });
    const duplicate = request({ params: { invoice_id: "in_2", card_last4: "2222" } });
    const other = request({ actionId: "other", params: { token: "t0ken" } });
    const secrets = storySecrets(duplicate, action(), [
      auditEvent({}, original),
      auditEvent({}, duplicate),
      auditEvent({}, other),
      auditEvent({ type: "REQUEST_DECLINED", details: { reason: "9999" } }, original),
    ]);
    expect([...secrets.values].sort()).toEqual(["1111", "2222", "t0ken"]);
    const redact = redactor(secrets);
    const failed = auditEvent(
      { type: "REQUEST_FAILED", details: { error: "1111 and 2222 and t0ken", result: null } },
      original,
    );
    expect(redactEvent(failed, redact).details).toEqual({
      error: `${MASK} and ${MASK} and ${MASK}`,
      result: null,
    });
  });
});

describe("failureHeadline", () => {
  it("keeps what comes before a body or a cause", () => {
    expect(failureHeadline('Webhook answered 500 Internal Server Error: {"card":"4242"}')).toBe(
      "Webhook answered 500 Internal Server Error",
    );
    expect(failureHeadline("Webhook could not be reached: connect ECONNREFUSED 10.0.0.1:443")).toBe(
      "Webhook could not be reached",
    );
    expect(failureHeadline("Webhook did not answer within 2000 ms")).toBe(
      "Webhook did not answer within 2000 ms",
    );
    expect(failureHeadline("first line\nsecond: line")).toBe("first line");
    expect(failureHeadline(null)).toBe("no reason was given");
    expect(failureHeadline("x".repeat(300), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
