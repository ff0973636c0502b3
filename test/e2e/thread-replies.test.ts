import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, modalOpenedBy, openRequestForm, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const HOUR = 3_600_000;

/** The action ids of a message's buttons. */
function buttonIds(message: { blocks?: unknown }): string[] {
  return ((message.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
    .filter((block) => block.type === "actions")
    .flatMap((block) => (block.elements ?? []).map((element) => element.action_id ?? ""));
}

describe("replies under the cards: reminders to decide from, outcomes to send again", () => {
  let e2e: E2E;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({ clock });
  });
  afterAll(() => e2e?.close());

  const find = async (number: number) => e2e.bot.engine.requests.findByNumber(number);
  const runsOf = (number: number) => e2e.webhook.received.filter((w) => w.body.number === number);

  it("the checker approves from a reminder; the card shows it, and the reminder's stale buttons are refused", async () => {
    const number = await fileRequest(e2e);
    const card = await e2e.dm(USERS.checker, new RegExp(`asks you to approve[\\s\\S]*#${number}`));
    clock.advance(4 * HOUR);
    await e2e.bot.sweeper.sweep();
    const reminder = await e2e.dm(USERS.checker, new RegExp(`Reminder 1 of 3: #${number}`));
    expect(reminder.thread_ts).toBe(card.ts);
    expect(buttonIds(reminder)).toEqual([ACTION.approve, ACTION.decline]);

    await e2e.driver.click(USERS.checker, { actionId: ACTION.approve, messageTs: reminder.ts });
    await until(async () => (await find(number))?.status === "FINISHED");
    // The card above is edited to the outcome, its buttons gone.
    await until(async () => {
      const now = e2e.standIn.dmWith(USERS.checker).find((m) => m.ts === card.ts);
      return now !== undefined && !buttonIds(now).includes(ACTION.approve);
    });

    // The reminder still shows its buttons (replies are never edited): a click is refused.
    for (const actionId of [ACTION.approve, ACTION.decline]) {
      const from = e2e.standIn.responses.length;
      await e2e.driver.click(USERS.checker, { actionId, messageTs: reminder.ts });
      const refusal = await e2e.standIn.waitForResponse((r) => r.userId === USERS.checker, {
        fromIndex: from,
      });
      expect(String(refusal.body.text)).toMatch(new RegExp(`^#${number} was already approved`));
    }
    await e2e.bot.runner.idle();
    expect(runsOf(number)).toHaveLength(1);
  });

  it("the outcome is a reply under the maker's card; Send again opens the duplicate form", async () => {
    const number = await fileRequest(e2e);
    const click = await clickOn(e2e, USERS.checker, number, ACTION.decline);
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Wrong customer" });
    const told = await e2e.dm(USERS.maker, new RegExp(`#${number} Billing waiver was declined`));
    const card = e2e.standIn.dmWith(USERS.maker).find((m) => m.ts === told.thread_ts);
    expect(messageText(card ?? {})).toContain(`Request #${number}:`);
    expect(messageText(told)).toContain("Wrong customer");
    expect(buttonIds(told)).toEqual([ACTION.duplicate]);

    const again = await e2e.driver.click(USERS.maker, {
      actionId: ACTION.duplicate,
      messageTs: told.ts,
    });
    const duplicate = await modalOpenedBy(e2e, USERS.maker, again.triggerId);
    expect(duplicate.title).toMatchObject({ text: `Send #${number} again` });
  });

  it("the maker's card is late (Slack keeps refusing it): the outcome waits for it, then goes in its thread", async () => {
    e2e.standIn.refuseMessagesTo(USERS.maker, "internal_error");
    const modal = await openRequestForm(e2e, USERS.maker);
    const before = new Set(e2e.standIn.dmWith(USERS.checker).map((m) => m.ts));
    await e2e.driver.submit(USERS.maker, modal, waiverAnswers());
    const checkerCard = await e2e.dm(USERS.checker, /asks you to approve/, { notIn: before });
    const number = Number(/#(\d+)/.exec(messageText(checkerCard))?.[1]);
    const click = await e2e.driver.click(USERS.checker, {
      actionId: ACTION.decline,
      messageTs: checkerCard.ts,
    });
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Not now" });
    await until(async () => (await find(number))?.status === "DECLINED");
    // Still refused: nothing reached the maker, and the outcome waits rather than going alone.
    clock.advance(5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(e2e.standIn.dmWith(USERS.maker).filter((m) => m.text.includes(`#${number}`))).toEqual(
      [],
    );

    e2e.standIn.acceptMessagesTo(USERS.maker);
    clock.advance(60_000);
    const told = await e2e.dm(USERS.maker, new RegExp(`#${number} Billing waiver was declined`));
    const card = e2e.standIn.dmWith(USERS.maker).find((m) => m.ts === told.thread_ts);
    expect(messageText(card ?? {})).toContain(`Request #${number}:`);
  });
});
