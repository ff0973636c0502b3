import { describe, expect, it } from "vitest";
import { callOf, DeliveryLimiter } from "../../src/outbox/delivery-limits.ts";

const limits = {
  post: { name: "chat.postMessage", perChannel: { perSecond: 1, burst: 1 } },
  edit: { name: "chat.update", overall: { perSecond: 1, burst: 2 } },
};
const post = (channel: string) => ({ operation: "post", channel }) as const;
const edit = (channel: string) => ({ operation: "edit", channel }) as const;

describe("delivery limits", () => {
  it("a post goes to the recipient; an edit to where the message was posted", () => {
    expect(callOf({ recipient: "U1", channel: null, ts: null })).toEqual(post("U1"));
    expect(callOf({ recipient: "U1", channel: "D1", ts: "1.2" })).toEqual(edit("D1"));
  });

  it("posts are limited per channel, each channel on its own", () => {
    const limiter = new DeliveryLimiter(limits);
    expect(limiter.acquire(post("C1"), 0)).toBe(0);
    expect(limiter.acquire(post("C2"), 0)).toBe(0);
    expect(limiter.acquire(post("C1"), 0)).toBe(1000);
    expect(limiter.acquire(post("C1"), 1000)).toBe(0);
  });

  it("edits are limited overall, across channels", () => {
    const limiter = new DeliveryLimiter(limits);
    expect(limiter.acquire(edit("D1"), 0)).toBe(0);
    expect(limiter.acquire(edit("D2"), 0)).toBe(0);
    expect(limiter.acquire(edit("D3"), 0)).toBe(1000);
  });

  it("a pause for one channel's call holds that kind of call on every channel", () => {
    const limiter = new DeliveryLimiter(limits);
    limiter.pause(post("C1"), 30_000, 0);
    expect(limiter.acquire(post("C2"), 0)).toBe(30_000);
    expect(limiter.acquire(edit("D1"), 0)).toBe(0);
    expect(limiter.acquire(post("C2"), 30_000)).toBe(0);
  });

  it("a call waiting on its channel takes nothing from the overall budget", () => {
    const limiter = new DeliveryLimiter({
      post: {
        name: "post",
        overall: { perSecond: 1, burst: 2 },
        perChannel: limits.post.perChannel,
      },
      edit: limits.edit,
    });
    expect(limiter.acquire(post("C1"), 0)).toBe(0);
    expect(limiter.acquire(post("C1"), 0)).toBe(1000);
    expect(limiter.acquire(post("C1"), 0)).toBe(1000);
    expect(limiter.acquire(post("C2"), 0)).toBe(0);
  });
});
