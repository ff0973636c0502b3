import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { insertOutboxRow } from "../../src/db/outbox-rows.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import type { DeliveryLimits } from "../../src/outbox/delivery-limits.ts";
import {
  type Deliver,
  type DeliveryResult,
  type DispatcherOptions,
  OutboxDispatcher,
} from "../../src/outbox/dispatcher.ts";
import type { OutboxMessage, OutboxStore } from "../../src/outbox/outbox-store.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";
import { WAIT_MS } from "../support/patience.ts";

/** A call the test answers when it likes. */
interface HeldCall {
  readonly message: OutboxMessage;
  readonly thread: string | null;
  /** The clock when the call was made. */
  readonly at: number;
  answer(result?: DeliveryResult): void;
}

/**
 * A Slack stand-in that holds every call until the test answers it, counting how many are in
 * flight at once, overall and per message key.
 */
function heldDeliver(clock: ManualClock) {
  const calls: HeldCall[] = [];
  const inFlight = new Map<string, number>();
  let most = 0;
  let mostOfOneKey = 0;
  let n = 0;
  const deliver: Deliver = (message, thread) =>
    new Promise((resolve) => {
      inFlight.set(message.key, (inFlight.get(message.key) ?? 0) + 1);
      mostOfOneKey = Math.max(mostOfOneKey, inFlight.get(message.key) ?? 0);
      most = Math.max(
        most,
        [...inFlight.values()].reduce((a, b) => a + b, 0),
      );
      calls.push({
        message,
        thread: thread?.ts ?? null,
        at: clock.now().getTime(),
        answer: (result) => {
          inFlight.set(message.key, (inFlight.get(message.key) ?? 1) - 1);
          resolve(result ?? { ok: true, channel: `D-${message.recipient}`, ts: `300.${++n}` });
        },
      });
    });
  return {
    deliver,
    calls,
    keys: () => calls.map((call) => call.message.key),
    most: () => most,
    mostOfOneKey: () => mostOfOneKey,
    /** Waits (up to WAIT_MS, for a busy machine) until `count` calls have been made. */
    arrived: (count: number) =>
      vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(count), {
        timeout: WAIT_MS,
        interval: 2,
      }),
  };
}

/** Answers every call at once, noting the clock when it was made. */
function instantDeliver(clock: ManualClock, script: DeliveryResult[] = []) {
  const sent: { key: string; at: number }[] = [];
  let n = 0;
  const deliver: Deliver = async (message) => {
    const next = script.shift();
    if (next) return next;
    sent.push({ key: message.key, at: clock.now().getTime() });
    return { ok: true, channel: `D-${message.recipient}`, ts: `400.${++n}` };
  };
  return { deliver, sent };
}

const noLimits: DeliveryLimits = { post: { name: "post" }, edit: { name: "edit" } };

describe.each(databaseKinds)("outbox sending side by side on %s", (kind) => {
  let db: TestDatabase;
  let store: OutboxStore;
  let clock: ManualClock;
  /** Rate-limit waits move the clock instead of sleeping; it is the limits' timer too. */
  const sleeps: number[] = [];
  const fakeSleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = new PrismaOutboxStore(db.prisma);
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await db.sql("DELETE FROM outbox_messages");
    clock = new ManualClock("2026-03-02T10:00:00Z");
    sleeps.length = 0;
  });

  const queue = async (key: string, recipient: string, threadKey: string | null = null) => {
    await store.enqueue(
      { key, requestId: null, recipient, threadKey, payload: { text: key } },
      clock.now(),
    );
    // Claims go oldest first: one millisecond apart keeps the order the test wrote.
    clock.advance(1);
  };
  const dispatcher = (deliver: Deliver, extra: Partial<DispatcherOptions> = {}) =>
    new OutboxDispatcher({
      store,
      deliver,
      clock,
      logger: silentLogger,
      random: () => 1,
      timer: { now: () => clock.now().getTime(), sleep: fakeSleep },
      ...extra,
    });
  const row = (key: string) => db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });

  it("sends to different channels all at once", async () => {
    const slack = heldDeliver(clock);
    for (let i = 0; i < 6; i++) await queue(`c${i}:maker`, `U${i}`);
    const pass = dispatcher(slack.deliver, { concurrency: 8 }).dispatchDue();
    await slack.arrived(6);
    expect(slack.most()).toBe(6);
    for (const call of slack.calls) call.answer();
    expect(await pass).toBe(6);
    expect(await row("c5:maker")).toMatchObject({ status: "SENT" });
  });

  it("never has more than `concurrency` calls in flight", async () => {
    const slack = heldDeliver(clock);
    for (let i = 0; i < 5; i++) await queue(`k${i}:maker`, `U${i}`);
    const pass = dispatcher(slack.deliver, { concurrency: 2 }).dispatchDue();
    await slack.arrived(2);
    for (let i = 0; i < 5; i++) {
      await slack.arrived(i + 1);
      slack.calls[i]?.answer();
    }
    expect(await pass).toBe(5);
    expect(slack.most()).toBe(2);
  });

  it("posts to one channel go one after the other, in the order queued", async () => {
    const slack = heldDeliver(clock);
    await queue("p1:audit", "C1");
    await queue("p2:audit", "C1");
    await queue("p3:other", "C2");
    const pass = dispatcher(slack.deliver).dispatchDue();
    await slack.arrived(2);
    expect(slack.keys()).toEqual(["p1:audit", "p3:other"]);
    slack.calls[0]?.answer();
    await slack.arrived(3);
    expect(slack.keys()).toEqual(["p1:audit", "p3:other", "p2:audit"]);
    slack.calls[1]?.answer();
    slack.calls[2]?.answer();
    await pass;
  });

  it("a reply claimed with its parent is sent after the parent is posted, in its thread", async () => {
    const slack = heldDeliver(clock);
    await queue("r1:notice", "U7", "r1:checker:U8");
    await queue("r1:checker:U8", "U8");
    const pass = dispatcher(slack.deliver).dispatchDue();
    await slack.arrived(1);
    expect(slack.keys()).toEqual(["r1:checker:U8"]);
    slack.calls[0]?.answer({ ok: true, channel: "D-U8", ts: "500.1" });
    await slack.arrived(2);
    expect(slack.calls[1]).toMatchObject({ thread: "500.1" });
    slack.calls[1]?.answer();
    await pass;
  });

  it("never sends one message twice at once, even when its lease ran out meanwhile", async () => {
    const slack = heldDeliver(clock);
    await queue("s1:maker", "U1");
    const outbox = dispatcher(slack.deliver, { leaseMs: 1000 });
    const first = outbox.dispatchDue();
    await slack.arrived(1);
    clock.advance(5_000);
    // Claimed again (the lease is over), but this dispatcher is still sending it.
    expect(await outbox.dispatchDue()).toBe(1);
    expect(slack.calls).toHaveLength(1);
    slack.calls[0]?.answer();
    await first;
    expect(slack.mostOfOneKey()).toBe(1);
  });

  it("a newer revision claimed while the earlier one is being sent goes next, as an edit of it", async () => {
    const slack = heldDeliver(clock);
    await queue("r1:maker", "U1");
    const outbox = dispatcher(slack.deliver, { leaseMs: 1000 });
    const first = outbox.dispatchDue();
    await slack.arrived(1);
    // The request moved on: the card's content changes while its first version is in flight.
    const newer = { key: "r1:maker", requestId: null, recipient: "U1", threadKey: null };
    await insertOutboxRow(
      db.prisma,
      { ...newer, payload: { text: "newer" } },
      clock.now(),
      "revise",
    );
    clock.advance(5_000);
    expect(await outbox.dispatchDue()).toBe(1);
    expect(slack.calls).toHaveLength(1);
    slack.calls[0]?.answer();
    await first;
    // Not locked away for a lease, and not posted twice: an edit of what was just posted.
    await slack.arrived(2);
    expect(slack.calls[1]?.message).toMatchObject({ ts: "300.1", payload: { text: "newer" } });
    slack.calls[1]?.answer();
    expect(slack.mostOfOneKey()).toBe(1);
    await vi.waitFor(async () => expect(await row("r1:maker")).toMatchObject({ status: "SENT" }), {
      timeout: WAIT_MS,
    });
  });

  it("a message that fails does not hold up the others", async () => {
    const slack = heldDeliver(clock);
    await queue("f1:maker", "U1");
    await queue("f2:maker", "U2");
    const pass = dispatcher(slack.deliver).dispatchDue();
    await slack.arrived(2);
    slack.calls[1]?.answer();
    slack.calls[0]?.answer({ ok: false, error: "fetch failed" });
    await pass;
    expect(await row("f2:maker")).toMatchObject({ status: "SENT" });
    expect(await row("f1:maker")).toMatchObject({ status: "PENDING", lastError: "fetch failed" });
  });

  it("a Retry-After pauses that call for every message, not only the one that got it", async () => {
    const slack = instantDeliver(clock, [{ ok: false, error: "ratelimited", retryAfterMs: 5_000 }]);
    const outbox = dispatcher(slack.deliver, { limits: noLimits });
    await queue("l1:maker", "U1");
    const pausedAt = clock.now().getTime();
    await outbox.dispatchDue();
    await queue("l2:maker", "U2");
    await queue("l3:maker", "U3");
    await outbox.dispatchDue();
    expect(slack.sent.map((s) => s.key).sort()).toEqual(["l2:maker", "l3:maker"]);
    for (const { at } of slack.sent) expect(at).toBeGreaterThanOrEqual(pausedAt + 5_000);
    expect(await row("l1:maker")).toMatchObject({ status: "PENDING", lastError: "ratelimited" });
  });

  it("posts to one channel are spaced by its bucket; other channels do not wait", async () => {
    const slack = instantDeliver(clock);
    const limits = { ...noLimits, post: { name: "post", perChannel: { perSecond: 1, burst: 1 } } };
    for (let i = 0; i < 3; i++) await queue(`b${i}:audit`, "C1");
    await queue("b9:dm", "U9");
    const start = clock.now().getTime();
    await dispatcher(slack.deliver, { limits }).dispatchDue();
    const at = Object.fromEntries(slack.sent.map((s) => [s.key, s.at - start]));
    expect(at["b9:dm"]).toBe(0);
    expect(at["b0:audit"]).toBe(0);
    expect((at["b1:audit"] ?? 0) - (at["b0:audit"] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect((at["b2:audit"] ?? 0) - (at["b1:audit"] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("hands back what could not go within half its lease, uncounted, for when it can", async () => {
    const slack = instantDeliver(clock);
    const limits = { ...noLimits, post: { name: "post", perChannel: { perSecond: 1, burst: 1 } } };
    for (let i = 0; i < 4; i++) await queue(`h${i}:audit`, "C1");
    await dispatcher(slack.deliver, { limits, leaseMs: 4_000 }).dispatchDue();
    expect(slack.sent.map((s) => s.key)).toEqual(["h0:audit", "h1:audit", "h2:audit"]);
    expect(await row("h3:audit")).toMatchObject({
      status: "PENDING",
      attempts: 0,
      lockedUntil: null,
      lastError: "waiting for the rate limit",
    });
  });

  it("a busy channel keeps a few posts in line; the rest go back, in order, for later", async () => {
    const slack = instantDeliver(clock);
    const limits = { ...noLimits, post: { name: "post", perChannel: { perSecond: 1, burst: 1 } } };
    for (let i = 0; i < 6; i++) await queue(`q${i}:audit`, "C1");
    await queue("q9:dm", "U9");
    const outbox = dispatcher(slack.deliver, { limits });
    await outbox.dispatchDue();
    expect(slack.sent.map((s) => s.key).sort()).toEqual([
      "q0:audit",
      "q1:audit",
      "q2:audit",
      "q3:audit",
      "q9:dm",
    ]);
    expect(await row("q4:audit")).toMatchObject({
      status: "PENDING",
      attempts: 0,
      lastError: "waiting for the rate limit",
    });
    clock.advance(10_000);
    await outbox.dispatchDue();
    expect(slack.sent.slice(5).map((s) => s.key)).toEqual(["q4:audit", "q5:audit"]);
  });

  it("stop waits for the sends in flight", async () => {
    const slack = heldDeliver(clock);
    await queue("t1:maker", "U1");
    const outbox = dispatcher(slack.deliver, { pollMs: 10 });
    outbox.start();
    await slack.arrived(1);
    let stopped = false;
    const stopping = outbox.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    slack.calls[0]?.answer();
    await stopping;
    expect(await row("t1:maker")).toMatchObject({ status: "SENT" });
  });

  it("on stop, what waits on a rate limit goes back to the queue at once", async () => {
    const slack = heldDeliver(clock);
    const limits = { ...noLimits, post: { name: "post", perChannel: { perSecond: 1, burst: 1 } } };
    await queue("w1:audit", "C1");
    await queue("w2:audit", "C1");
    // A real sleep, which only the stop cuts short: the clock stands still.
    const outbox = new OutboxDispatcher({
      store,
      deliver: slack.deliver,
      clock,
      logger: silentLogger,
      limits,
      pollMs: 10,
    });
    outbox.start();
    await slack.arrived(1);
    const stopping = outbox.stop();
    slack.calls[0]?.answer();
    await stopping;
    expect(slack.keys()).toEqual(["w1:audit"]);
    expect(await row("w2:audit")).toMatchObject({ status: "PENDING", lockedUntil: null });
  });
});
