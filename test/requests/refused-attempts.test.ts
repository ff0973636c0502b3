import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { ExecutionRunner } from "../../src/requests/execution-runner.ts";
import { describeRepeats, repeatsOf } from "../../src/requests/refused-attempts.ts";
import { replay } from "../../src/requests/replay.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { Sweeper } from "../../src/scheduler/sweeper.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";
import { slackStyleDirectory } from "../support/slack-style-directory.ts";

const MAKER = "U0MAKER";
const CHECKER = "U0CHECK";
const STRANGER = "U0STRANGER";
const MINUTE = 60_000;

function setup() {
  const store = new MemoryRequestStore();
  const clock = new ManualClock("2026-03-02T14:00:00.000Z");
  const { registry } = testActions();
  const service = new RequestService({
    store,
    actions: registry,
    clock,
    directory: slackStyleDirectory({ S0MAKERS: ["U0ALLOWED"] }),
    environments: ["production"],
  });
  const sweeper = new Sweeper({
    store,
    requests: service,
    runner: new ExecutionRunner(service, silentLogger),
    schedule: () => null,
    clock,
    logger: silentLogger,
  });
  return { store, clock, service, sweeper };
}

async function pending(t: ReturnType<typeof setup>) {
  const created = await t.service.createRequest({
    actionId: "waive-invoice",
    environment: "production",
    team: "Acme",
    params: { invoice_id: "in_1" },
    purpose: "Double-charged",
    makerId: MAKER,
    checkerIds: [CHECKER],
  });
  if (!created.ok) throw new Error(created.refusal.message);
  return created.value.request;
}

const refusals = (t: ReturnType<typeof setup>) =>
  t.store.events.filter((event) => event.type === "ATTEMPT_REFUSED");

/** A stranger clicks Approve at each of these minutes past 14:00. */
async function clicks(t: ReturnType<typeof setup>, requestId: string, minutes: number[]) {
  for (const minute of minutes) {
    t.clock.set(new Date(Date.parse("2026-03-02T14:00:00.000Z") + minute * MINUTE));
    const outcome = await t.service.approveRequest({ requestId, actorId: STRANGER });
    // Every click is refused and told why, counted or not.
    expect(!outcome.ok && outcome.refusal.code).toBe("REQUEST.NOT_A_CHECKER");
  }
}

describe("repeated refused attempts", () => {
  it("seals the first at once and the repeats of its window as one event with their count", async () => {
    const t = setup();
    const request = await pending(t);
    await clicks(t, request.id, [0, 1, 2, 3, 9]);
    const [first] = refusals(t);
    expect(refusals(t)).toHaveLength(1);
    expect(first).toMatchObject({
      actor: STRANGER,
      requestId: request.id,
      details: { attempted: "approve", code: "REQUEST.NOT_A_CHECKER" },
    });

    t.clock.set("2026-03-02T14:09:59.000Z");
    expect((await t.sweeper.sweep()).repeatedRefusals).toBe(0);
    t.clock.set("2026-03-02T14:10:00.000Z");
    expect((await t.sweeper.sweep()).repeatedRefusals).toBe(1);
    const [, summary] = refusals(t);
    expect(summary).toMatchObject({
      actor: STRANGER,
      requestId: request.id,
      requestNumber: request.number,
      correlationId: request.correlationId,
      causationId: first?.id,
      fromStatus: "PENDING",
      toStatus: "PENDING",
      at: new Date("2026-03-02T14:10:00.000Z"),
      details: {
        attempted: "approve",
        code: "REQUEST.NOT_A_CHECKER",
        message: `Only <@${CHECKER}> can decide on #${request.number}.`,
        count: 4,
        firstAt: "2026-03-02T14:01:00.000Z",
        lastAt: "2026-03-02T14:09:00.000Z",
      },
    });
    const repeats = repeatsOf(summary?.details ?? {});
    expect(repeats && describeRepeats(repeats)).toBe(
      "4 more times between 2026-03-02 14:01 and 14:09 UTC",
    );
    // Sealed once: a second sweep has nothing left; the request itself never changed.
    expect((await t.sweeper.sweep()).repeatedRefusals).toBe(0);
    expect(refusals(t)).toHaveLength(2);
    const events = t.store.events.filter((event) => event.requestId === request.id);
    expect(replay(events)).toEqual(await t.service.findById(request.id));
  });

  it("an attempt after the window seals the repeats before it, then itself as a new first", async () => {
    const t = setup();
    const request = await pending(t);
    await clicks(t, request.id, [0, 4, 5, 12, 13]);
    expect(refusals(t).map((event) => [event.at.toISOString(), event.details.count])).toEqual([
      ["2026-03-02T14:00:00.000Z", undefined],
      ["2026-03-02T14:12:00.000Z", 2],
      ["2026-03-02T14:12:00.000Z", undefined],
    ]);
    t.clock.set("2026-03-02T14:22:00.000Z");
    await t.sweeper.sweep();
    expect(refusals(t).at(-1)?.details).toMatchObject({
      count: 1,
      firstAt: "2026-03-02T14:13:00.000Z",
    });
  });

  it("a window with no repeats adds nothing; other people, attempts and reasons count apart", async () => {
    const t = setup();
    const request = await pending(t);
    await clicks(t, request.id, [0]);
    await t.service.checkDecision({ requestId: request.id, actorId: STRANGER });
    await t.service.approveRequest({ requestId: request.id, actorId: MAKER });
    await t.service.approveRequest({ requestId: request.id, actorId: "U0OTHER" });
    await t.service.approveRequest({ requestId: request.id, actorId: CHECKER });
    await t.service.approveRequest({ requestId: request.id, actorId: CHECKER });
    expect(
      refusals(t).map((event) => [event.actor, event.details.attempted, event.details.code]),
    ).toEqual([
      [STRANGER, "approve", "REQUEST.NOT_A_CHECKER"],
      [STRANGER, "decline", "REQUEST.NOT_A_CHECKER"],
      [MAKER, "approve", "REQUEST.SELF_APPROVAL"],
      ["U0OTHER", "approve", "REQUEST.NOT_A_CHECKER"],
      [CHECKER, "approve", "REQUEST.NOT_PENDING"],
    ]);
    t.clock.advance(10 * MINUTE);
    expect((await t.sweeper.sweep()).repeatedRefusals).toBe(0);
    expect(refusals(t)).toHaveLength(5);
  });

  it("refused attempts to create a request are counted the same way", async () => {
    const t = setup();
    for (let i = 0; i < 3; i++) {
      const refused = await t.service.createRequest({
        actionId: "restricted",
        environment: "production",
        team: "Acme",
        params: {},
        purpose: "Just trying",
        makerId: STRANGER,
        checkerIds: ["U0BOSS"],
      });
      expect(!refused.ok && refused.refusal.code).toBe("REQUEST.MAKER_NOT_ALLOWED");
    }
    t.clock.advance(10 * MINUTE);
    await t.sweeper.sweep();
    expect(refusals(t).map((event) => [event.requestId, event.details.count])).toEqual([
      [null, undefined],
      [null, 2],
    ]);
  });
});
