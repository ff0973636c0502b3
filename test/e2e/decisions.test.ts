import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, modalOpenedBy, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("decisions and outcomes, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  const runsOf = (number: number) => e2e.webhook.received.filter((w) => w.body.number === number);

  it("a double click and a replayed click run the action once", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const [first] = await Promise.all([
      clickOn(e2e, USERS.checker, number, ACTION.approve),
      clickOn(e2e, USERS.checker, number, ACTION.approve),
    ]);
    // The very same payload again, as a replay or a duplicated delivery would bring it.
    const replay = await e2e.driver.sendInteraction(first.payload);
    expect(replay.status).toBe(200);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    await e2e.bot.runner.idle();
    expect(runsOf(number)).toHaveLength(1);
  });

  it("decline asks for a reason, and the maker is told it with a Duplicate button", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const click = await clickOn(e2e, USERS.checker, number, ACTION.decline);
    const form = await modalOpenedBy(e2e, USERS.checker, click.triggerId);
    expect(messageText(form)).toContain(`#${number}`);
    const submitted = await e2e.driver.submit(USERS.checker, form, {
      [BLOCK.reason]: "Wrong customer: this invoice belongs to Acme Ltd",
    });
    expect(submitted.outcome).toEqual({ action: "close" });
    const told = await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*declined`, "i"));
    expect(messageText(told)).toContain("Wrong customer");
    const makerMessage = await e2e.dm(USERS.maker, new RegExp(`Request #${number}:`));
    expect(JSON.stringify(makerMessage.blocks)).toContain(ACTION.duplicate);
    expect(JSON.stringify(makerMessage.blocks)).not.toContain(ACTION.cancel);
    // Sending it again shows who declined it and why, above the form.
    const again = await clickOn(e2e, USERS.maker, number, ACTION.duplicate);
    const copy = await modalOpenedBy(e2e, USERS.maker, again.triggerId);
    expect(messageText(copy)).toContain(
      `Sending #${number} again. It was *declined* by <@${USERS.checker}>: “Wrong customer: this invoice belongs to Acme Ltd”`,
    );
    expect(runsOf(number)).toEqual([]);
  });

  it("a failed webhook is reported with its error; Duplicate files a linked request", async () => {
    e2e.webhook.answerNext(502, { error: "billing is down" });
    const number = await fileRequest(e2e, waiverAnswers({ [BLOCK.team]: "Globex" }));
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    const failed = await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*failed`, "i"));
    expect(messageText(failed)).toMatch(/502/);

    const click = await clickOn(e2e, USERS.maker, number, ACTION.duplicate);
    const form = await modalOpenedBy(e2e, USERS.maker, click.triggerId);
    expect(form.title).toMatchObject({ text: `Send #${number} again` });
    // Why it is sent again, above the form: the failure's headline, never the raw answer.
    const why = messageText(form);
    expect(why).toContain(`Sending #${number} again. It *failed*: Webhook answered 502`);
    expect(why).not.toContain("billing is down");
    // Submitted as prefilled: the same team, params, checker and purpose.
    const submitted = await e2e.driver.submit(USERS.maker, form, {});
    expect(submitted.outcome).toEqual({ action: "close" });
    const copy = await e2e.dm(
      USERS.maker,
      new RegExp(`Request #${number + 1} is waiting for approval`),
    );
    expect(messageText(copy)).toContain("Globex");
    const stored = await e2e.bot.engine.requests.findByNumber(number + 1);
    const original = await e2e.bot.engine.requests.findByNumber(number);
    expect(stored).toMatchObject({
      status: "PENDING",
      team: "Globex",
      duplicateOfId: original?.id,
      correlationId: original?.correlationId,
    });
  });

  it("with two checkers, the first approval tells the other and the second runs it", async () => {
    const number = await fileRequest(
      e2e,
      {
        [BLOCK.environment]: "staging",
        [BLOCK.team]: "Initech",
        "param:account": "initech-eu",
        [BLOCK.checkers]: [USERS.checker, USERS.checker2],
        [BLOCK.purpose]: "Customer left",
      },
      "delete-account",
    );
    await e2e.dm(USERS.checker2, new RegExp(`#${number}`));
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    const told = await e2e.dm(
      USERS.checker2,
      new RegExp(`<@${USERS.checker}> approved #${number}`),
    );
    expect(told.thread_ts).toBeDefined();
    expect(runsOf(number)).toEqual([]);
    await clickOn(e2e, USERS.checker2, number, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    expect(runsOf(number)).toHaveLength(1);
  });
});
