import { describe, expect, it } from "vitest";
import { errorReplier, UNEXPECTED_ERROR_TEXT } from "../../src/slack/error-reply.ts";
import { collectingLogger } from "../support/logger.ts";

describe("errorReplier: the one handler for unexpected errors", () => {
  it("logs with a reference and tells the person through the response URL", async () => {
    const { logger, lines } = collectingLogger();
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init.body)) });
      return new Response("ok");
    }) as typeof fetch;
    await errorReplier(logger, fetchStub)(new Error("connect ECONNREFUSED"), {
      type: "block_actions",
      response_url: "https://hooks.slack.com/actions/T1/1/abc",
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("https://hooks.slack.com/actions/T1/1/abc");
    expect(sent[0]?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const text = String(sent[0]?.body.text);
    expect(text.startsWith(UNEXPECTED_ERROR_TEXT)).toBe(true);
    const reference = /\(ref (\w+)\)$/.exec(text)?.[1];
    expect(lines[0]).toBe(`error: unexpected error (ref ${reference}): connect ECONNREFUSED`);
  });

  it("without a response URL it only logs", async () => {
    const { logger, lines } = collectingLogger();
    let called = false;
    const fetchStub = (async () => {
      called = true;
      return new Response("ok");
    }) as typeof fetch;
    await errorReplier(logger, fetchStub)(new Error("boom"), { type: "view_submission" });
    expect(called).toBe(false);
    expect(lines[0]).toMatch(/^error: unexpected error \(ref \w+\): boom$/);
  });
});
