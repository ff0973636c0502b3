import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { defineAction } from "../../src/factory/define-action.ts";
import { ActionRegistry } from "../../src/factory/registry.ts";
import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import { UNRECORDED_ERROR } from "../../src/requests/record-outcome.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { interruptedTooOften, MAX_RESUMES } from "../../src/requests/resume-policy.ts";
import { EXECUTION_HEARTBEAT_MS, EXECUTION_LEASE_MS } from "../../src/requests/schedule.ts";
import {
  approve,
  CHECKERS,
  create,
  events,
  NOTHING,
  setup,
  stored,
} from "../scheduler/sweep-setup.ts";
import { collectingLogger } from "../support/logger.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** Makes the store refuse the writes `refuses` picks, as a database refuses a value. */
function refuseWrites(store: MemoryRequestStore, refuses: (draft: AuditEventDraft) => boolean) {
  const transition = store.transition.bind(store);
  const refused: AuditEventDraft[] = [];
  store.transition = async (current, draft, lease) => {
    if (refuses(draft)) {
      refused.push(draft);
      throw new Error(
        "Invalid `tx.auditEvent.create()` invocation:\n\n\n  unsupported Unicode escape sequence",
      );
    }
    return transition(current, draft, lease);
  };
  return refused;
}

describe("recording an execution's outcome", () => {
  it("an outcome the database refuses ends the request FAILED with a clean error, and it is not run again", async () => {
    const t = setup();
    const request = await create(t, "webhook");
    await approve(t, request.id, ...CHECKERS);
    const refused = refuseWrites(t.store, (draft) => draft.type === "REQUEST_FINISHED");

    await t.runner.run(request.id);
    expect(refused).toHaveLength(1);
    expect(stored(t, request.id)).toMatchObject({
      status: "FAILED",
      error: UNRECORDED_ERROR,
      result: null,
    });
    expect(events(t, request.id, "REQUEST_FAILED")).toMatchObject([
      {
        actor: "system",
        fromStatus: "EXECUTING",
        details: { unrecorded: true, reason: "unsupported Unicode escape sequence" },
      },
    ]);
    t.clock.advance(2 * EXECUTION_LEASE_MS);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    expect(t.exec.runs).toHaveLength(1);
  });

  it("an executor returning no outcome at all ends the request FAILED, run once", async () => {
    const t = setup();
    const request = await create(t, "webhook");
    await approve(t, request.id, ...CHECKERS);
    t.exec.answer = () => undefined;
    await t.runner.run(request.id);
    expect(stored(t, request.id)).toMatchObject({
      status: "FAILED",
      error:
        "The action answered something that is not an outcome ({ ok: true, result } or { ok: false, error }).",
    });
    t.clock.advance(2 * EXECUTION_LEASE_MS);
    expect(await t.sweeper.sweep()).toEqual(NOTHING);
    expect(t.exec.runs).toHaveLength(1);
  });

  it("when nothing can be recorded, it is resumed at most MAX_RESUMES times, then FAILED as interrupted", async () => {
    const t = setup();
    const request = await create(t, "webhook");
    await approve(t, request.id, ...CHECKERS);
    // The database takes no outcome at all, not even the minimal one.
    refuseWrites(
      t.store,
      (draft) =>
        draft.type === "REQUEST_FINISHED" ||
        (draft.type === "REQUEST_FAILED" && draft.details.unrecorded === true),
    );
    await t.runner.run(request.id);
    expect(stored(t, request.id)?.status).toBe("EXECUTING");
    for (let sweep = 0; sweep < MAX_RESUMES + 3; sweep++) {
      t.clock.advance(EXECUTION_LEASE_MS);
      await t.sweeper.sweep();
      await t.runner.idle();
    }
    expect(t.exec.runs).toHaveLength(1 + MAX_RESUMES);
    expect(events(t, request.id, "EXECUTION_RESUMED").map((e) => e.details)).toEqual([
      expect.objectContaining({ resume: 1, maxResumes: MAX_RESUMES }),
      expect.objectContaining({ resume: 2, maxResumes: MAX_RESUMES }),
      expect.objectContaining({ resume: 3, maxResumes: MAX_RESUMES }),
    ]);
    const interruptions = MAX_RESUMES + 1;
    expect(interruptedTooOften(interruptions)).toMatch(/^Interrupted 4 times — /);
    expect(events(t, request.id, "REQUEST_FAILED")).toMatchObject([
      {
        actor: "system",
        details: { error: interruptedTooOften(interruptions), interrupted: true, interruptions },
      },
    ]);
    expect(stored(t, request.id)).toMatchObject({
      status: "FAILED",
      error: interruptedTooOften(interruptions),
    });
    expect(t.store.dueAt.get(request.id)).toBeNull();
    expect(t.lines.filter((line) => line.startsWith("error: execution of"))).toHaveLength(
      interruptions,
    );
  });

  it("a break-glass review while it runs neither loses its outcome nor lets its lease run out", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let finish: () => void = () => {};
    const runs: number[] = [];
    const actions = new ActionRegistry([
      defineAction({
        id: "restart",
        title: "Restart",
        breakGlass: true,
        idempotent: true,
        execute: async (ctx) => {
          runs.push(ctx.request.number);
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          return { ok: true, result: { restarted: true } };
        },
      }),
    ]);
    const store = new MemoryRequestStore();
    const clock = new ManualClock("2026-03-02T14:00:00.000Z");
    const service = new RequestService({
      store,
      actions,
      clock,
      directory: staticDirectory(),
      environments: ["production"],
      // Every break-glass use is posted to an audit channel: one review settles it.
      auditChannel: "C0AUDIT",
    });
    const created = await service.createRequest({
      actionId: "restart",
      environment: "production",
      team: "Ops",
      params: {},
      purpose: "Billing is down",
      makerId: "U0MAKER",
      checkerIds: ["U0ONCALL"],
      breakGlass: { reason: "Outage" },
    });
    if (!created.ok) throw new Error(created.refusal.message);
    const id = created.value.request.id;
    const runner = new ExecutionRunner(service, collectingLogger().logger);
    const running = runner.run(id);
    await vi.waitFor(() => expect(runs).toHaveLength(1));

    const review = await service.reviewBreakGlass({
      requestId: id,
      actorId: "U0ONCALL",
      verdict: "ACKNOWLEDGED",
    });
    expect(review.ok && review.value.request.status).toBe("EXECUTING");
    // The heartbeat still renews the lease of the process running it.
    clock.advance(EXECUTION_HEARTBEAT_MS);
    vi.advanceTimersByTime(EXECUTION_HEARTBEAT_MS);
    await vi.waitFor(() =>
      expect(store.dueAt.get(id)).toEqual(new Date(clock.now().getTime() + EXECUTION_LEASE_MS)),
    );
    finish();
    await running;
    expect(await service.findById(id)).toMatchObject({
      status: "FINISHED",
      reviewVerdict: "ACKNOWLEDGED",
      result: { restarted: true },
    });
    expect(runs).toHaveLength(1);
  });
});
