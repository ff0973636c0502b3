import { afterEach, describe, expect, it, vi } from "vitest";
import { INTERRUPTED_ERROR } from "../../src/requests/resume-policy.ts";
import {
  EXECUTION_HEARTBEAT_MS,
  EXECUTION_LEASE_MS,
  START_GRACE_MS,
} from "../../src/requests/schedule.ts";
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
} from "./sweep-setup.ts";

/** Lets a run a test left hanging finish, so nothing leaks into the next test. */
let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
  vi.useRealTimers();
});

describe("Sweeper: approved and running requests", () => {
  it("starts an approved request that did not start within START_GRACE_MS", async () => {
    const t = setup();
    const request = await create(t);
    await approve(t, request.id, ...CHECKERS);
    t.clock.advance(START_GRACE_MS - 1);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    t.clock.advance(1);
    expect(await t.sweeper.sweep()).toEqual({ ...NOTHING, started: 1 });
    await t.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs.map((ctx) => ctx.request.id)).toEqual([request.id]);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
  });

  /**
   * Leaves a request of `actionId` EXECUTING in one bot process, its executor hanging; then
   * starts another bot on the same store, as after a crash (or as a replica).
   */
  async function leftRunning(t: World, actionId: string) {
    const request = await create(t, actionId);
    await approve(t, request.id, ...CHECKERS);
    t.exec.hang();
    const first = t.bot();
    void first.runner.run(request.id);
    cleanup = async () => {
      t.exec.release();
      await first.runner.idle();
    };
    await vi.waitFor(() => expect(stored(t, request.id)?.status).toBe("EXECUTING"));
    return { request, dead: first, alive: t.bot() };
  }

  it("resumes an idempotent action whose process stopped, with the same request id", async () => {
    const t = setup();
    const { request, dead, alive } = await leftRunning(t, "webhook");
    t.clock.advance(EXECUTION_LEASE_MS - 1);
    expect(await alive.sweeper.sweep()).toEqual(NOTHING);
    t.clock.advance(1);
    expect(await alive.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await alive.runner.idle();
    expect(events(t, request.id).map((e) => e.type)).toEqual([
      "REQUEST_CREATED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "EXECUTION_RESUMED",
      "REQUEST_FINISHED",
    ]);
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(t.exec.runs.map((ctx) => ctx.request.id)).toEqual([request.id, request.id]);
    expect(t.lines.some((l) => l.startsWith("warn:") && l.includes("left running"))).toBe(true);
    // The dead process's late outcome does not overwrite the one recorded.
    t.exec.release();
    await dead.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FINISHED");
    expect(events(t, request.id, "REQUEST_FINISHED")).toHaveLength(1);
  });

  it("marks a non-idempotent action FAILED as interrupted, without running it again", async () => {
    const t = setup();
    const { request, dead, alive } = await leftRunning(t, "refund");
    t.clock.advance(EXECUTION_LEASE_MS);
    expect(await alive.sweeper.sweep()).toEqual({ ...NOTHING, recovered: 1 });
    await alive.runner.idle();
    expect(events(t, request.id, "REQUEST_FAILED")).toMatchObject([
      {
        actor: "system",
        toStatus: "FAILED",
        details: { error: INTERRUPTED_ERROR, interrupted: true },
      },
    ]);
    expect(stored(t, request.id)).toMatchObject({ status: "FAILED", error: INTERRUPTED_ERROR });
    expect(t.store.dueAt.get(request.id)).toBeNull();
    expect(t.exec.runs).toHaveLength(1);
    t.exec.release();
    await dead.runner.idle();
    expect(stored(t, request.id)?.status).toBe("FAILED");
  });

  it("leaves alone an execution whose process renews its lease", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const t = setup();
    // Here the first process is alive: its heartbeat renews the lease every 15 s.
    const { request, alive: other } = await leftRunning(t, "webhook");
    for (let beat = 0; beat < 8; beat++) {
      t.clock.advance(EXECUTION_HEARTBEAT_MS);
      vi.advanceTimersByTime(EXECUTION_HEARTBEAT_MS);
      expect(await other.sweeper.sweep()).toEqual(NOTHING);
    }
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, EXECUTION_LEASE_MS));
    // A replica starting now reschedules what is pending, but not a lease someone renews.
    await other.sweeper.rescheduleOpen();
    expect(t.store.dueAt.get(request.id)).toEqual(later(t, EXECUTION_LEASE_MS));
    expect(await other.sweeper.sweep()).toEqual(NOTHING);
    expect(events(t, request.id, "EXECUTION_RESUMED")).toHaveLength(0);
  });
});
