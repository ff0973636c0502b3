import { afterEach, describe, expect, it } from "vitest";
import { isGone, type LeaseHolder } from "../../src/requests/lease.ts";
import { claimOrphanedLeases } from "../../src/requests/lease-takeover.ts";
import { INTERRUPTED_ERROR } from "../../src/requests/resume-policy.ts";
import { DEFAULT_SCHEDULE, EXECUTION_LEASE_MS } from "../../src/requests/schedule.ts";
import {
  approve,
  CHECKERS,
  create,
  events,
  later,
  NOTHING,
  setup,
  stored,
  type World,
} from "../scheduler/sweep-setup.ts";

const HOST = "bot-1:/data";
const holder = (incarnation: string, pid: number, instance = HOST): LeaseHolder => ({
  instance,
  incarnation,
  pid,
});
/** Processes 100 and 200 run on this pretend host; any other id is gone. */
const running = (pid: number) => pid === 100 || pid === 200;
const me = holder("me", 300);
const check = { me, exclusive: false, isRunning: running };

describe("isGone: whether a lease's process is certainly gone", () => {
  it("an earlier run of this instance whose process no longer runs: gone", () => {
    expect(isGone(holder("earlier", 42), check)).toBe(true);
  });

  it("an earlier run with this very process id (a restarted container): gone", () => {
    expect(isGone(holder("earlier", 300), check)).toBe(true);
  });

  it("a sibling of this instance whose process still runs: not gone", () => {
    expect(isGone(holder("sibling", 100), check)).toBe(false);
  });

  it("another instance (another host), or nobody recorded: not gone, its lease must run out", () => {
    expect(isGone(holder("elsewhere", 42, "bot-2:/data"), check)).toBe(false);
    expect(isGone(null, check)).toBe(false);
  });

  it("this process's own lease: never", () => {
    expect(isGone(me, check)).toBe(false);
    expect(isGone(me, { ...check, exclusive: true })).toBe(false);
  });

  it("with a database that serves one process (PGlite), every other holder is gone", () => {
    const alone = { ...check, exclusive: true };
    expect(isGone(holder("elsewhere", 100, "bot-2:/data"), alone)).toBe(true);
    expect(isGone(holder("sibling", 100), alone)).toBe(true);
    expect(isGone(null, alone)).toBe(true);
  });
});

/** Lets a run a test left hanging finish, so nothing leaks into the next test. */
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A request of `actionId` left EXECUTING by a process holding its lease as `by`. */
async function leftRunning(t: World, by: LeaseHolder, actionId = "webhook") {
  const request = await create(t, actionId);
  await approve(t, request.id, ...CHECKERS);
  t.exec.hang();
  const first = t.bot(DEFAULT_SCHEDULE, { lease: by, exclusive: false, isRunning: running });
  void first.runner.run(request.id);
  const previous = cleanup;
  cleanup = async () => {
    await previous?.();
    t.exec.release();
    await first.runner.idle();
  };
  await expect.poll(() => stored(t, request.id)?.status).toBe("EXECUTING");
  expect(t.store.leases.get(request.id)).toEqual(by);
  return request;
}

describe("claimOrphanedLeases", () => {
  const claim = (t: World, as: LeaseHolder = me) =>
    claimOrphanedLeases({ store: t.store, clock: t.clock, ...check, me: as });

  it("claims an earlier run's lease at once, once among processes starting together", async () => {
    const t = setup();
    const request = await leftRunning(t, holder("earlier", 42));
    const [mine, theirs] = await Promise.all([claim(t), claim(t, holder("other-restart", 301))]);
    expect([...mine, ...theirs].map((r) => r.id)).toEqual([request.id]);
    const winner = mine.length > 0 ? "me" : "other-restart";
    expect(t.store.leases.get(request.id)?.incarnation).toBe(winner);
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, EXECUTION_LEASE_MS));
    expect(await claim(t)).toEqual([]);
  });

  it("leaves alone a sibling's live lease and another instance's", async () => {
    const t = setup();
    const sibling = await leftRunning(t, holder("sibling", 100));
    const elsewhere = await leftRunning(t, holder("elsewhere", 42, "bot-2:/data"));
    expect(await claim(t)).toEqual([]);
    expect(t.store.leases.get(sibling.id)?.incarnation).toBe("sibling");
    expect(t.store.leases.get(elsewhere.id)?.incarnation).toBe("elsewhere");
  });
});

describe("a restart's sweep takes over what the process it replaces left running", () => {
  it("resumes an idempotent action at once, without waiting for its lease to run out", async () => {
    const t = setup();
    const request = await leftRunning(t, holder("earlier", 42));
    const restarted = t.bot(DEFAULT_SCHEDULE, { ...check, lease: me });
    expect(await restarted.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await restarted.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs.map((ctx) => ctx.request.id)).toEqual([request.id, request.id]);
    expect(events(t, request.id, "EXECUTION_RESUMED")).toMatchObject([
      { actor: "system", details: { resume: 1 } },
    ]);
    expect(await restarted.sweeper.sweep()).toEqual(NOTHING);
  });

  it("marks a non-idempotent action FAILED as interrupted at once, without running it again", async () => {
    const t = setup();
    const request = await leftRunning(t, holder("earlier", 42), "refund");
    const restarted = t.bot(DEFAULT_SCHEDULE, { ...check, lease: me });
    expect(await restarted.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await restarted.runner.idle();
    expect(stored(t, request.id)).toMatchObject({ status: "FAILED", error: INTERRUPTED_ERROR });
    expect(t.exec.runs).toHaveLength(1);
    expect(t.store.leases.has(request.id)).toBe(false);
  });

  it("a request two processes found interrupted (a takeover, an expired lease) is resumed once", async () => {
    const t = setup();
    const request = await leftRunning(t, holder("earlier", 42));
    const found = stored(t, request.id);
    if (!found) throw new Error("no request");
    const restarted = t.bot(DEFAULT_SCHEDULE, { ...check, lease: me });
    const elsewhere = t.bot(DEFAULT_SCHEDULE, {
      ...check,
      lease: holder("elsewhere", 7, "bot-2:/data"),
    });
    t.exec.hang();
    const first = restarted.runner.resumeInterrupted(request.id, found);
    await expect.poll(() => events(t, request.id, "EXECUTION_RESUMED").length).toBe(1);
    // The other found the same interrupted execution, and comes second: it is running again.
    await elsewhere.runner.resumeInterrupted(request.id, found);
    expect(events(t, request.id, "EXECUTION_RESUMED")).toHaveLength(1);
    expect(t.store.leases.get(request.id)?.incarnation).toBe("me");
    t.exec.release();
    await first;
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs).toHaveLength(2);
  });

  it("a replica starting beside a live one leaves its execution alone until the lease runs out", async () => {
    const t = setup();
    const request = await leftRunning(t, holder("sibling", 100));
    const replica = t.bot(DEFAULT_SCHEDULE, { ...check, lease: me });
    expect(await replica.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "EXECUTION_RESUMED")).toHaveLength(0);
    // Its process never renews it (in this test): once it runs out, the usual recovery applies.
    t.clock.advance(EXECUTION_LEASE_MS);
    expect(await replica.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await replica.runner.idle();
    expect(events(t, request.id, "EXECUTION_RESUMED")).toHaveLength(1);
  });
});
