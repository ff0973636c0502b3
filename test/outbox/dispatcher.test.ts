import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { insertOutboxRow } from "../../src/db/outbox-rows.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import {
  type Deliver,
  type DeliveryResult,
  OutboxDispatcher,
} from "../../src/outbox/dispatcher.ts";
import type { OutboxMessage, OutboxStore } from "../../src/outbox/outbox-store.ts";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/database.ts";

/** A Slack stand-in in miniature: answers from a script, remembers what it was asked. */
function scriptedDeliver(script: DeliveryResult[] = []) {
  const sent: { key: string; text: unknown; ts: string | null; thread: string | null }[] = [];
  let n = 0;
  const deliver: Deliver = async (message, thread) => {
    const next = script.shift();
    if (next && !next.ok) return next;
    sent.push({
      key: message.key,
      text: message.payload.text,
      ts: message.ts,
      thread: thread?.ts ?? null,
    });
    return { ok: true, channel: `D-${message.recipient}`, ts: message.ts ?? `100.${++n}` };
  };
  return { deliver, sent };
}

describe.each(databaseKinds)("outbox dispatcher on %s", (kind) => {
  let db: TestDatabase;
  let store: OutboxStore;
  const clock = new ManualClock("2026-03-02T10:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    store = new PrismaOutboxStore(db.prisma);
  });
  afterAll(() => db.destroy());
  beforeEach(() => db.sql("DELETE FROM outbox_messages"));

  const queue = (key: string, text: string, threadKey: string | null = null) =>
    store.enqueue(
      { key, requestId: null, recipient: "U1", threadKey, payload: { text } },
      clock.now(),
    );

  const dispatcher = (deliver: Deliver, extra: Partial<{ maxAttempts: number }> = {}) =>
    new OutboxDispatcher({
      store,
      deliver,
      clock,
      logger: silentLogger,
      random: () => 1,
      ...extra,
    });

  const row = (key: string) => db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });

  it("posts a message once, then edits it in place when its content changes", async () => {
    const slack = scriptedDeliver();
    const outbox = dispatcher(slack.deliver);
    await queue("r1:maker", "pending");
    expect(await outbox.dispatchDue()).toBe(1);
    expect(await outbox.dispatchDue()).toBe(0);
    expect(await row("r1:maker")).toMatchObject({ status: "SENT", channel: "D-U1", ts: "100.1" });

    await db.sql(`UPDATE outbox_messages SET payload = '{"text":"approved"}', revision = 2,
      status = 'PENDING' WHERE key = 'r1:maker'`);
    await outbox.dispatchDue();
    expect(slack.sent).toEqual([
      { key: "r1:maker", text: "pending", ts: null, thread: null },
      { key: "r1:maker", text: "approved", ts: "100.1", thread: null },
    ]);
    expect(await row("r1:maker")).toMatchObject({ status: "SENT", sentRevision: 2 });
  });

  it("waits as long as Retry-After says, then delivers", async () => {
    const slack = scriptedDeliver([
      { ok: false, error: "ratelimited", retryAfterMs: 30_000 },
      { ok: false, error: "ratelimited", retryAfterMs: 30_000 },
    ]);
    const outbox = dispatcher(slack.deliver);
    await queue("r2:checker:U2", "please check");
    await outbox.dispatchDue();
    clock.advance(29_000);
    expect(await outbox.dispatchDue()).toBe(0);
    clock.advance(1_000);
    await outbox.dispatchDue();
    expect(await row("r2:checker:U2")).toMatchObject({
      status: "PENDING",
      attempts: 2,
      lastError: "ratelimited",
    });
    clock.advance(30_000);
    await outbox.dispatchDue();
    expect(slack.sent.map((s) => s.key)).toEqual(["r2:checker:U2"]);
    expect(await row("r2:checker:U2")).toMatchObject({ status: "SENT", attempts: 0 });
  });

  it("trusts a Retry-After only up to the longest back-off: a wait of days is cut to 5 minutes", async () => {
    const slack = scriptedDeliver([
      { ok: false, error: "ratelimited", retryAfterMs: 3 * 86_400_000 },
    ]);
    const outbox = dispatcher(slack.deliver);
    await queue("r9:checker:U9", "please check");
    await outbox.dispatchDue();
    clock.advance(5 * 60_000 - 1_000);
    expect(await outbox.dispatchDue()).toBe(0);
    clock.advance(1_000);
    await outbox.dispatchDue();
    expect(slack.sent.map((s) => s.key)).toEqual(["r9:checker:U9"]);
  });

  it("marks a message dead after repeated failures, keeping the error", async () => {
    const failing: Deliver = async () => ({ ok: false, error: "fetch failed" });
    const outbox = dispatcher(failing, { maxAttempts: 3 });
    await queue("r3:maker", "hello");
    for (let i = 0; i < 3; i++) {
      await outbox.dispatchDue();
      clock.advance(10 * 60_000);
    }
    expect(await row("r3:maker")).toMatchObject({
      status: "DEAD",
      attempts: 3,
      lastError: "fetch failed",
    });
    expect(await outbox.dispatchDue()).toBe(0);
  });

  it("gives up at once on errors no retry can fix", async () => {
    const outbox = dispatcher(async () => ({
      ok: false,
      error: "channel_not_found",
      permanent: true,
    }));
    await queue("r4:audit", "line");
    await outbox.dispatchDue();
    expect(await row("r4:audit")).toMatchObject({ status: "DEAD", lastError: "channel_not_found" });
  });

  it("threads a reply under its parent once the parent is posted", async () => {
    const slack = scriptedDeliver();
    const outbox = dispatcher(slack.deliver);
    await queue("r5:notice", "decided", "r5:checker:U2");
    await outbox.dispatchDue();
    expect(slack.sent).toEqual([]);
    await queue("r5:checker:U2", "the request");
    clock.advance(5_000);
    await outbox.dispatchDue();
    expect(slack.sent).toEqual([
      { key: "r5:checker:U2", text: "the request", ts: null, thread: null },
      { key: "r5:notice", text: "decided", ts: null, thread: "100.1" },
    ]);
  });

  it("two dispatchers never send the same message twice", async () => {
    const slack = scriptedDeliver();
    for (let i = 0; i < 10; i++) await queue(`r6:${i}`, `m${i}`);
    const [a, b] = [dispatcher(slack.deliver), dispatcher(slack.deliver)];
    await Promise.all([a.dispatchDue(), b.dispatchDue(), a.dispatchDue(), b.dispatchDue()]);
    expect(slack.sent.map((s) => s.key).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `r6:${i}`).sort(),
    );
  });

  it("an edit made while a post is in flight is sent as an edit afterwards", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inFlight!: () => void;
    const posting = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    const seen: OutboxMessage[] = [];
    const outbox = dispatcher(async (message) => {
      seen.push(message);
      if (seen.length === 1) {
        inFlight();
        await gate;
      }
      return { ok: true, channel: "D1", ts: "200.1" };
    });
    await queue("r7:maker", "v1");
    const first = outbox.dispatchDue();
    await posting;
    await db.sql(`UPDATE outbox_messages SET payload = '{"text":"v2"}', revision = revision + 1,
      status = 'PENDING' WHERE key = 'r7:maker'`);
    release();
    await first;
    expect(await row("r7:maker")).toMatchObject({ status: "PENDING", ts: "200.1" });
    clock.advance(61_000);
    await outbox.dispatchDue();
    expect(seen.map((m) => [m.payload.text, m.ts])).toEqual([
      ["v1", null],
      ["v2", "200.1"],
    ]);
    expect(await row("r7:maker")).toMatchObject({ status: "SENT" });
  });

  it("on stop, flushes what is due and leaves what is rescheduled for the next start", async () => {
    const slack = scriptedDeliver([{ ok: false, error: "ratelimited", retryAfterMs: 60_000 }]);
    const outbox = dispatcher(slack.deliver);
    for (let i = 0; i < 30; i++) await queue(`r8:${String(i).padStart(2, "0")}`, `m${i}`);
    await outbox.stop({ flushMs: 10_000 });
    expect(slack.sent).toHaveLength(29);
    const left = await db.prisma.outboxMessage.findMany({ where: { status: "PENDING" } });
    expect(left.map((message) => message.lastError)).toEqual(["ratelimited"]);
  });

  /** A draft as a change writes it: a newer one of the same key replaces its content. */
  const revise = (key: string, text: string, holdMs?: number) =>
    insertOutboxRow(
      db.prisma,
      { key, requestId: null, recipient: "U1", threadKey: null, payload: { text }, holdMs },
      clock.now(),
      "revise",
    );

  it("a held edit waits; the outcome written meanwhile replaces it: one edit, not two", async () => {
    const slack = scriptedDeliver();
    const outbox = dispatcher(slack.deliver);
    await revise("r9:maker", "pending");
    await outbox.dispatchDue();
    await revise("r9:maker", "approved", 2000);
    clock.advance(500);
    await revise("r9:maker", "running", 2000);
    expect(await outbox.dispatchDue()).toBe(0);
    clock.advance(200);
    await revise("r9:maker", "done");
    await outbox.dispatchDue();
    expect(slack.sent.map((s) => [s.text, s.ts])).toEqual([
      ["pending", null],
      ["done", "100.1"],
    ]);
  });

  it("a held edit is sent when its hold ends, by whichever dispatcher runs then (after a crash)", async () => {
    const slack = scriptedDeliver();
    await revise("r10:maker", "pending");
    await dispatcher(slack.deliver).dispatchDue();
    await revise("r10:maker", "approved", 2000);
    clock.advance(1500);
    // The second intermediate state keeps the first one's time: no run holds an edit longer.
    await revise("r10:maker", "running", 2000);
    expect(await dispatcher(slack.deliver).dispatchDue()).toBe(0);
    clock.advance(500);
    // A new process (the first one was killed): the edit is in the outbox, due now.
    expect(await dispatcher(slack.deliver).dispatchDue()).toBe(1);
    expect(slack.sent.map((s) => s.text)).toEqual(["pending", "running"]);
  });

  it("a first post is never held", async () => {
    const slack = scriptedDeliver();
    await revise("r11:maker", "approved", 2000);
    expect(await dispatcher(slack.deliver).dispatchDue()).toBe(1);
    expect(slack.sent.map((s) => s.text)).toEqual(["approved"]);
  });

  it("a reply whose parent was given up on is posted on its own at once, not lost", async () => {
    const slack = scriptedDeliver();
    await queue("r12:maker", "the card");
    await dispatcher(async () => ({
      ok: false,
      error: "invalid_blocks",
      permanent: true,
    })).dispatchDue();
    expect(await row("r12:maker")).toMatchObject({ status: "DEAD", ts: null });
    await queue("r12:outcome", "declined", "r12:maker");
    await dispatcher(slack.deliver).dispatchDue();
    expect(slack.sent).toEqual([{ key: "r12:outcome", text: "declined", ts: null, thread: null }]);
  });

  it("a reply whose parent is still being retried waits for it, then goes on its own", async () => {
    const slack = scriptedDeliver([{ ok: false, error: "ratelimited", retryAfterMs: 10 * 60_000 }]);
    const outbox = dispatcher(slack.deliver);
    await queue("r13:maker", "the card");
    await queue("r13:outcome", "done", "r13:maker");
    await outbox.dispatchDue();
    expect(slack.sent).toEqual([]);
    expect(await row("r13:outcome")).toMatchObject({
      status: "PENDING",
      lastError: "waiting for the message it replies to",
    });
    clock.advance(2 * 60_000);
    await outbox.dispatchDue();
    expect(slack.sent).toEqual([{ key: "r13:outcome", text: "done", ts: null, thread: null }]);
  });

  it("in one batch, a parent is posted before the reply queued with it", async () => {
    const slack = scriptedDeliver();
    await queue("r14:notice", "a reply", "r14:maker");
    await queue("r14:maker", "the card");
    await dispatcher(slack.deliver).dispatchDue();
    expect(slack.sent.map((s) => [s.key, s.thread])).toEqual([
      ["r14:maker", null],
      ["r14:notice", "100.1"],
    ]);
  });
});
