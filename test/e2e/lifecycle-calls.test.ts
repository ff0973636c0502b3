import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { INTERMEDIATE_HOLD_MS } from "../../src/slack/notifier.ts";
import { clickOn, fileRequest, modalOpenedBy } from "./flows.ts";
import { type E2E, startE2E, USERS, until } from "./harness.ts";

const AUDIT = "C0AUDITLOG";
const HOUR = 3_600_000;

/**
 * What one request costs in Slack Web API calls, from `/request` until everything it caused was
 * delivered: the figures in docs/benchmarks.md ("Web API calls per lifecycle"). The audit
 * channel's line (AUDIT_CHANNEL, opt-in) is counted apart from the people's messages.
 */
interface Cost {
  /** New top-level messages to people (cards, separate notices). */
  posts: number;
  /** Replies in the thread of a card. */
  replies: number;
  /** Edits (chat.update) of people's messages. */
  edits: number;
  /** Messages and edits in the audit channel. */
  audit: number;
  /** The most edits any one person's message got. */
  mostEditsOfOne: number;
  permalinks: number;
  ephemerals: number;
}

describe("Web API calls per lifecycle", () => {
  let e2e: E2E;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({ clock, auditChannel: AUDIT });
  });
  afterAll(() => e2e?.close());

  const outbox = () => new PrismaOutboxStore(e2e.bot.engine.database.prisma);
  const statusOf = async (number: number) =>
    (await e2e.bot.engine.requests.findByNumber(number))?.status;

  /** Waits until nothing is left to send, and stays so, then counts the calls since `from`. */
  async function costSince(from: number): Promise<Cost> {
    const settled = async () => (await outbox().counts()).PENDING === 0;
    await until(settled);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await until(settled);
    const calls = e2e.standIn.calls.slice(from).filter((call) => !call.failed);
    const count = (predicate: (call: (typeof calls)[number]) => boolean) =>
      calls.filter(predicate).length;
    const toAudit = (call: (typeof calls)[number]) => call.args.channel === AUDIT;
    const methods: Record<string, number> = {};
    for (const call of calls) methods[call.method] = (methods[call.method] ?? 0) + 1;
    // For the record in docs/benchmarks.md: every method, Home and modals included.
    console.log(`lifecycle calls: ${JSON.stringify(methods)}`);
    const editsOf = new Map<string, number>();
    for (const call of calls) {
      if (call.method !== "chat.update" || toAudit(call)) continue;
      const at = `${call.args.channel}:${call.args.ts}`;
      editsOf.set(at, (editsOf.get(at) ?? 0) + 1);
    }
    return {
      posts: count((c) => c.method === "chat.postMessage" && !toAudit(c) && !c.args.thread_ts),
      replies: count((c) => c.method === "chat.postMessage" && !toAudit(c) && !!c.args.thread_ts),
      edits: count((c) => c.method === "chat.update" && !toAudit(c)),
      audit: count((c) => c.method.startsWith("chat.") && toAudit(c)),
      mostEditsOfOne: Math.max(0, ...editsOf.values()),
      permalinks: count((c) => c.method === "chat.getPermalink"),
      ephemerals: count((c) => c.method === "chat.postEphemeral"),
    };
  }

  it("approve → run → done", async () => {
    const from = e2e.standIn.calls.length;
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await until(async () => (await statusOf(number)) === "FINISHED");
    await e2e.bot.runner.idle();
    const cost = await costSince(from);
    console.log(`approve: ${JSON.stringify(cost)}`);
    expect(cost).toEqual({
      posts: 2,
      replies: 1,
      edits: 2,
      mostEditsOfOne: 1,
      audit: 1,
      permalinks: 0,
      ephemerals: 1,
    });
  });

  it("approve → a run longer than the hold → done", async () => {
    const from = e2e.standIn.calls.length;
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    e2e.webhook.hold();
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await until(async () => (await statusOf(number)) === "EXECUTING");
    // Nothing shown yet: the edit to Running waits for the run to end...
    const edits = () => e2e.standIn.calls.slice(from).filter((c) => c.method === "chat.update");
    expect(edits()).toEqual([]);
    // ...until the hold is over: then each card says it is running.
    clock.advance(INTERMEDIATE_HOLD_MS);
    await until(async () => edits().length === 2);
    e2e.webhook.release();
    await until(async () => (await statusOf(number)) === "FINISHED");
    await e2e.bot.runner.idle();
    const cost = await costSince(from);
    console.log(`approve, slow run: ${JSON.stringify(cost)}`);
    expect(cost).toEqual({
      posts: 2,
      replies: 1,
      edits: 4,
      mostEditsOfOne: 2,
      audit: 1,
      permalinks: 0,
      ephemerals: 1,
    });
  });

  it("decline", async () => {
    const from = e2e.standIn.calls.length;
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const click = await clickOn(e2e, USERS.checker, number, ACTION.decline);
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Wrong customer" });
    await until(async () => (await statusOf(number)) === "DECLINED");
    const cost = await costSince(from);
    console.log(`decline: ${JSON.stringify(cost)}`);
    expect(cost).toEqual({
      posts: 2,
      replies: 1,
      edits: 2,
      mostEditsOfOne: 1,
      audit: 1,
      permalinks: 0,
      ephemerals: 1,
    });
  });

  it("expire after MAX_REMINDERS reminders", async () => {
    const from = e2e.standIn.calls.length;
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    for (let reminder = 1; reminder <= 3; reminder++) {
      clock.advance(4 * HOUR);
      expect((await e2e.bot.sweeper.sweep()).reminded).toBe(1);
      await until(async () => (await outbox().counts()).PENDING === 0);
    }
    clock.advance(7 * 24 * HOUR);
    expect((await e2e.bot.sweeper.sweep()).expired).toBe(1);
    const cost = await costSince(from);
    console.log(`expire: ${JSON.stringify(cost)}`);
    expect(cost).toEqual({
      posts: 2,
      replies: 4,
      edits: 8,
      mostEditsOfOne: 4,
      audit: 1,
      permalinks: 0,
      ephemerals: 1,
    });
  });
});
