import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { ClickLimiter, clickLimit, slowDownText } from "../../src/slack/click-limit.ts";
import { collectingLogger } from "../support/logger.ts";

const RATE = { count: 3, windowMs: 10_000 };

describe("ClickLimiter", () => {
  it("lets a person click `count` times in any window, then says when the next click works", () => {
    const clock = new ManualClock("2026-03-02T14:00:00.000Z");
    const limiter = new ClickLimiter(RATE, clock);
    for (const _ of [1, 2, 3]) {
      expect(limiter.click("U0A")).toEqual({ allowed: true });
      clock.advance(1000);
    }
    expect(limiter.click("U0A")).toEqual({ allowed: false, retryInMs: 7000, first: true });
    expect(limiter.click("U0A")).toEqual({ allowed: false, retryInMs: 7000, first: false });
    // Someone else is not held up.
    expect(limiter.click("U0B")).toEqual({ allowed: true });
    // Ten seconds after the first click it has left the window: one more, then wait again.
    clock.set("2026-03-02T14:00:10.000Z");
    expect(limiter.click("U0A")).toEqual({ allowed: true });
    expect(limiter.click("U0A")).toEqual({ allowed: false, retryInMs: 1000, first: true });
  });

  it("remembers at most maxPeople, forgetting the least recent clicker first", () => {
    const clock = new ManualClock();
    const limiter = new ClickLimiter({ count: 1, windowMs: 60_000 }, clock, 2);
    for (const user of ["U0A", "U0B", "U0C"]) expect(limiter.click(user).allowed).toBe(true);
    expect(limiter.click("U0C").allowed).toBe(false);
    expect(limiter.click("U0B").allowed).toBe(false);
    // U0A was forgotten to make room: their next click counts from nothing.
    expect(limiter.click("U0A").allowed).toBe(true);
  });

  it("says what happened in words that are true", () => {
    expect(slowDownText({ count: 30, windowMs: 10_000 }, 2500)).toBe(
      "Slow down… you clicked 30 times in the last 10 seconds, so this did nothing. Try again in 3 seconds.",
    );
    expect(slowDownText({ count: 5, windowMs: 60_000 }, 200)).toBe(
      "Slow down… you clicked 5 times in the last minute, so this did nothing. Try again in 1 second.",
    );
  });
});

describe("clickLimit middleware", () => {
  function run(body: Record<string, unknown>) {
    const clock = new ManualClock();
    const logger = collectingLogger();
    const middleware = clickLimit(
      new ClickLimiter({ count: 1, windowMs: 10_000 }, clock),
      logger.logger,
    );
    const seen = {
      next: 0,
      acks: [] as unknown[],
      responds: [] as unknown[],
      calls: [] as unknown[],
    };
    const args = {
      body: { user: { id: "U0A" }, ...body },
      next: async () => {
        seen.next++;
      },
      ack: async (response?: unknown) => {
        seen.acks.push(response);
      },
      respond: async (message: unknown) => {
        seen.responds.push(message);
      },
      client: {
        views: {
          push: async (call: unknown) => seen.calls.push(["push", call]),
          open: async (call: unknown) => seen.calls.push(["open", call]),
        },
      },
    } as unknown as Parameters<typeof middleware>[0];
    return { seen, logs: logger.lines, click: () => middleware(args) };
  }

  it("a click under a message over the limit: an ephemeral, and no listener runs", async () => {
    const t = run({
      type: "block_actions",
      response_url: "https://hooks.example/r",
      trigger_id: "1.2",
    });
    await t.click();
    await t.click();
    expect(t.seen.next).toBe(1);
    expect(t.seen.responds).toEqual([
      {
        response_type: "ephemeral",
        replace_original: false,
        text: "Slow down… you clicked once in the last 10 seconds, so this did nothing. Try again in 10 seconds.",
      },
    ]);
    expect(t.logs.join("\n")).toContain("U0A clicks faster than CLICK_RATE_LIMIT allows");
  });

  it("a form submitted over the limit: a notice pushed over it, the form kept underneath", async () => {
    const t = run({ type: "view_submission", view: { type: "modal" } });
    await t.click();
    await t.click();
    expect(t.seen.next).toBe(1);
    expect(t.seen.acks.at(-1)).toMatchObject({
      response_action: "push",
      view: { type: "modal", title: { text: "Slow down" } },
    });
  });

  it("a click inside a modal pushes the notice; in the Home tab it opens one", async () => {
    const modal = run({ type: "block_actions", trigger_id: "1.2", view: { type: "modal" } });
    await modal.click();
    await modal.click();
    expect(modal.seen.calls.map((call) => (call as [string])[0])).toEqual(["push"]);
    const home = run({ type: "block_actions", trigger_id: "1.3", view: { type: "home" } });
    await home.click();
    await home.click();
    expect(home.seen.calls.map((call) => (call as [string])[0])).toEqual(["open"]);
  });

  it("leaves commands, events and option lookups alone", async () => {
    const t = run({ type: "block_suggestion" });
    for (let i = 0; i < 5; i++) await t.click();
    expect(t.seen.next).toBe(5);
  });
});
