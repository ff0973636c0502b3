import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { withLogContext } from "../../src/core/log-context.ts";
import { createAppLogger, REDACTED } from "../../src/logging/app-logger.ts";

function capture(level: "debug" | "info" | "warn" = "info", format: "json" | "pretty" = "json") {
  let text = "";
  const app = createAppLogger(
    { logLevel: level, logFormat: format },
    {
      destination: new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      }),
    },
  );
  const lines = () =>
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...app, text: () => text, lines };
}

describe("the app logger", () => {
  it("writes one JSON object per line: level name, ISO time, message and fields", () => {
    const log = capture();
    log.logger.info("#12 REQUEST_APPROVED → APPROVED", { request: 12, actor: "U1" });
    log.logger.debug("not at info");
    const [line, ...rest] = log.lines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: "info",
      msg: "#12 REQUEST_APPROVED → APPROVED",
      request: 12,
      actor: "U1",
    });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it("adds the context's fields to every line inside it, and children's own fields", async () => {
    const log = capture();
    await withLogContext({ user: "U1", actionId: "approve_request" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.logger.child({ component: "outbox" }).warn("late");
    });
    log.logger.info("outside");
    expect(log.lines()).toEqual([
      expect.objectContaining({
        user: "U1",
        actionId: "approve_request",
        component: "outbox",
        msg: "late",
      }),
      expect.not.objectContaining({ user: "U1" }),
    ]);
  });

  it("never writes credentials or request parameters, by field name or by value", () => {
    const log = capture();
    log.redactValues(["xoxb-1234-secret-token", "short", undefined, 'quote"d-secret-value']);
    log.logger.error("Slack said invalid_auth for xoxb-1234-secret-token", {
      token: "anything",
      headers: { authorization: "Bearer x" },
      request: { params: { card: "4111" } },
      params: { card: "4111" },
      note: 'has quote"d-secret-value inside',
      word: "short",
    });
    const text = log.text();
    expect(text).not.toContain("xoxb-1234-secret-token");
    expect(text).not.toContain("4111");
    expect(text).not.toContain("quote");
    expect(log.lines()[0]).toMatchObject({
      msg: `Slack said invalid_auth for ${REDACTED}`,
      token: REDACTED,
      headers: { authorization: REDACTED },
      request: { params: REDACTED },
      params: REDACTED,
      note: `has ${REDACTED} inside`,
      // Too short to scrub everywhere without mangling ordinary words.
      word: "short",
    });
  });

  it("serializes errors with their stack", () => {
    const log = capture();
    log.logger.error("sweep failed", { err: new TypeError("boom") });
    expect(log.lines()[0]).toMatchObject({
      err: {
        type: "TypeError",
        message: "boom",
        stack: expect.stringContaining("TypeError: boom"),
      },
    });
  });

  it("prints readable lines for a person when the format is pretty, still redacted", () => {
    const log = capture("info", "pretty");
    log.redactValues(["xoxb-1234-secret-token"]);
    log.logger.info("Listening with xoxb-1234-secret-token", { request: 3 });
    const text = log.text();
    expect(text).toMatch(/INFO.*Listening with \[redacted\]/);
    expect(text).toContain("request: 3");
    expect(() => JSON.parse(text)).toThrow();
  });
});
