import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const HOUR = 3_600_000;
const ESCALATIONS = "C0ESCALATE";

const restartPipeline = (webhookUrl: string) => `  - id: restart-pipeline
    title: Restart pipeline
    stale_after: 1h
    expire_after: 1d
    escalate_to: ${ESCALATIONS}
    params:
      - { name: pipeline, label: Pipeline, type: text, required: true }
    executor: { type: webhook, url: ${webhookUrl}/restarts, secret_env: WAIVER_SECRET }
`;

const restartAnswers = {
  [BLOCK.environment]: "production",
  [BLOCK.team]: "Data platform",
  [paramBlockId("pipeline")]: "nightly-etl",
  [BLOCK.checkers]: USERS.checker,
  [BLOCK.purpose]: "Stuck since the outage",
};

/** Every button in a message, with its url when it is a link. */
function buttonsOf(message: { blocks?: unknown }) {
  const buttons: { action_id?: string; url?: string; text?: { text?: string } }[] = [];
  for (const block of (message.blocks ?? []) as { type: string; elements?: unknown[] }[]) {
    if (block.type === "actions") buttons.push(...((block.elements ?? []) as typeof buttons));
  }
  return buttons;
}

describe("stale requests: reminders, escalation, expiry, nudges", () => {
  let e2e: E2E;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({ clock, extraActions: restartPipeline });
    e2e.standIn.addChannel(ESCALATIONS, "escalations");
  });
  afterAll(() => e2e?.close());

  const statusOf = async (number: number) =>
    (await e2e.bot.engine.requests.findByNumber(number))?.status;

  it("after STALE_AFTER the checker gets a reply under the request, with Approve and Decline on it", async () => {
    const number = await fileRequest(e2e);
    const original = await e2e.dm(
      USERS.checker,
      new RegExp(`asks you to approve[\\s\\S]*#${number}`),
    );

    clock.advance(3 * HOUR);
    expect((await e2e.bot.sweeper.sweep()).reminded).toBe(0);
    clock.advance(HOUR);
    expect((await e2e.bot.sweeper.sweep()).reminded).toBeGreaterThanOrEqual(1);

    const reminder = await e2e.dm(
      USERS.checker,
      new RegExp(`Reminder 1 of 3: #${number} .* has waited 4 h for your decision`),
    );
    expect(reminder.thread_ts).toBe(original.ts);
    expect(buttonsOf(reminder).map((b) => [b.action_id, b.text?.text])).toEqual([
      [ACTION.approve, "Approve"],
      [ACTION.decline, "Decline"],
    ]);
    expect(e2e.standIn.callsTo("chat.getPermalink")).toEqual([]);
    // The original itself now says so, and still has its buttons.
    await until(async () => {
      const now = e2e.standIn.dmWith(USERS.checker).find((m) => m.ts === original.ts);
      return now !== undefined && /Reminded once \(last /.test(messageText(now));
    });
    const updated = e2e.standIn.dmWith(USERS.checker).find((m) => m.ts === original.ts);
    expect(JSON.stringify(updated?.blocks)).toContain(ACTION.approve);
    // Sweeping again at the same moment reminds nobody twice.
    expect((await e2e.bot.sweeper.sweep()).reminded).toBe(0);
    const reminders = e2e.standIn
      .dmWith(USERS.checker)
      .filter((m) => m.text.includes(`Reminder 1 of 3: #${number}`));
    expect(reminders).toHaveLength(1);
  });

  it("the maker's Nudge reminds at once; a second nudge within the hour is refused with the wait", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    await clickOn(e2e, USERS.maker, number, ACTION.nudge);
    const nudge = await e2e.dm(
      USERS.checker,
      new RegExp(`is waiting for your decision on #${number}`),
    );
    const card = await e2e.dm(USERS.checker, new RegExp(`asks you to approve[\\s\\S]*#${number}`));
    expect(nudge.thread_ts).toBe(card.ts);
    expect(buttonsOf(nudge)[0]?.action_id).toBe(ACTION.approve);

    clock.advance(10 * 60_000);
    const from = e2e.standIn.responses.length;
    await clickOn(e2e, USERS.maker, number, ACTION.nudge);
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === USERS.maker, {
      fromIndex: from,
    });
    expect(String(reply.body.text)).toBe(
      `You already nudged the checkers of #${number} 10 min ago; you can nudge them again in 50 min.`,
    );
  });

  it("after the last reminder it escalates once, with buttons only the checker can use", async () => {
    const number = await fileRequest(e2e, restartAnswers, "restart-pipeline");
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    for (let reminder = 1; reminder <= 3; reminder++) {
      clock.advance(HOUR);
      await e2e.bot.sweeper.sweep();
      await e2e.dm(USERS.checker, new RegExp(`Reminder ${reminder} of 3: #${number}`));
    }
    expect(e2e.standIn.messagesIn(ESCALATIONS)).toEqual([]);
    clock.advance(HOUR);
    await e2e.bot.sweeper.sweep();
    await until(async () => e2e.standIn.messagesIn(ESCALATIONS).length > 0);
    clock.advance(HOUR);
    await e2e.bot.sweeper.sweep();

    const [posted, ...more] = e2e.standIn.messagesIn(ESCALATIONS);
    expect(more).toEqual([]);
    const text = messageText(posted ?? {});
    expect(text).toContain(`Escalated: request #${number}: Restart pipeline`);
    expect(text).toContain(`only the designated checkers can approve or decline`);

    // A stranger in the channel is told who can decide; the checker approves from there.
    const from = e2e.standIn.responses.length;
    await e2e.driver.click(USERS.stranger, { actionId: ACTION.approve, channel: ESCALATIONS });
    const refusal = await e2e.standIn.waitForResponse((r) => r.userId === USERS.stranger, {
      fromIndex: from,
    });
    expect(String(refusal.body.text)).toBe(`Only <@${USERS.checker}> can decide on #${number}.`);
    await e2e.driver.click(USERS.checker, { actionId: ACTION.approve, channel: ESCALATIONS });
    await until(async () => (await statusOf(number)) === "FINISHED");
    await until(async () => {
      const [now] = e2e.standIn.messagesIn(ESCALATIONS);
      return now !== undefined && !JSON.stringify(now.blocks).includes(ACTION.approve);
    });
    const story = await e2e.bot.engine.requests.storyOf(
      (await e2e.bot.engine.requests.findByNumber(number))?.id ?? "",
    );
    expect(story?.events.map((event) => event.type)).toEqual([
      "REQUEST_CREATED",
      "REMINDER_SENT",
      "REMINDER_SENT",
      "REMINDER_SENT",
      "REQUEST_ESCALATED",
      "ATTEMPT_REFUSED",
      "REQUEST_APPROVED",
      "EXECUTION_STARTED",
      "REQUEST_FINISHED",
    ]);
  });

  it("after EXPIRE_AFTER it expires: every card is updated and the maker can Duplicate it", async () => {
    const number = await fileRequest(e2e);
    const card = await e2e.dm(USERS.checker, new RegExp(`asks you to approve[\\s\\S]*#${number}`));
    clock.advance(7 * 24 * HOUR);
    const report = await e2e.bot.sweeper.sweep();
    expect(report.expired).toBeGreaterThanOrEqual(1);
    expect(await statusOf(number)).toBe("EXPIRED");

    const told = await e2e.dm(
      USERS.maker,
      new RegExp(`#${number}[\\s\\S]*expired: no checker decided in time`),
    );
    // Under the maker's own card, which says Expired too.
    const makerCard = e2e.standIn.dmWith(USERS.maker).find((m) => m.ts === told.thread_ts);
    expect(messageText(makerCard ?? {})).toContain(`Request #${number}:`);
    expect(buttonsOf(told).map((b) => [b.action_id, b.text?.text])).toEqual([
      [ACTION.duplicate, "Send again"],
    ]);
    await until(async () => {
      const now = e2e.standIn.dmWith(USERS.checker).find((m) => m.ts === card.ts);
      return now !== undefined && /Expired/.test(messageText(now));
    });
    const checkerCard = e2e.standIn.dmWith(USERS.checker).find((m) => m.ts === card.ts);
    expect(JSON.stringify(checkerCard?.blocks)).not.toContain(ACTION.approve);
    const duplicate = await clickOn(e2e, USERS.maker, number, ACTION.duplicate);
    expect(duplicate.status).toBe(200);
    // Expired requests are never swept again.
    expect((await e2e.bot.sweeper.sweep()).expired).toBe(0);
  });
});
