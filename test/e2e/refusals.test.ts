import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, openRequestForm, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

describe("what the bot refuses, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  async function submitWith(answers: Parameters<typeof waiverAnswers>[0]) {
    const form = await openRequestForm(e2e, USERS.maker);
    return e2e.driver.submit(USERS.maker, form, waiverAnswers(answers));
  }

  it("the maker as their own checker: an error under the checker field, nothing filed", async () => {
    const dmsBefore = e2e.standIn.callsTo("chat.postMessage").length;
    const result = await submitWith({ [BLOCK.checkers]: USERS.maker });
    expect(result.outcome).toEqual({
      action: "errors",
      errors: { [BLOCK.checkers]: "You cannot check your own request." },
    });
    expect(e2e.standIn.callsTo("chat.postMessage").length).toBe(dmsBefore);
  });

  it("a bot or a deactivated person as checker", async () => {
    expect((await submitWith({ [BLOCK.checkers]: USERS.bot })).outcome?.errors).toEqual({
      // Plain text, as modal errors are: the name, never a raw mention.
      [BLOCK.checkers]:
        "bot is a bot, and only a person can approve a request: choose someone who can decide.",
    });
    expect((await submitWith({ [BLOCK.checkers]: USERS.gone })).outcome?.errors).toEqual({
      [BLOCK.checkers]: "gone is deactivated: choose someone who can decide.",
    });
  });

  it("invalid params: the error under its own field, the form kept open", async () => {
    const result = await submitWith({ [paramBlockId("invoice_id")]: "INV-1" });
    expect(result.outcome?.action).toBe("errors");
    expect(result.outcome?.errors).toEqual({
      [paramBlockId("invoice_id")]: "Invoice ID should start with in_, then digits (like in_1234)",
    });
    expect(e2e.standIn.currentModal(USERS.maker)).toBeDefined();
  });

  it("values Slack's client would have stopped are checked on the server too", async () => {
    const form = await openRequestForm(e2e, USERS.maker);
    const answers = waiverAnswers({
      [paramBlockId("amount")]: "20000",
      [BLOCK.purpose]: "",
    });
    const result = await e2e.driver.submit(USERS.maker, form, answers, { skipClientChecks: true });
    expect(result.outcome?.errors).toEqual({
      [paramBlockId("amount")]: expect.stringMatching(/^Amount /),
      [BLOCK.purpose]: "Say why this is needed: the checker decides on it.",
    });
  });

  it("an unknown action id gets a helpful reply; help lists the actions", async () => {
    await e2e.driver.command(USERS.maker, "billing-waver");
    const unknown = await e2e.standIn.waitForResponse((r) => r.userId === USERS.maker);
    expect(String(unknown.body.text ?? messageText(unknown.body))).toMatch(/billing-waver/);
    expect(messageText(unknown.body as never)).toContain("billing-waiver");

    const from = e2e.standIn.responses.length;
    await e2e.driver.command(USERS.maker, "help");
    const help = await e2e.standIn.waitForResponse((r) => r.userId === USERS.maker, {
      fromIndex: from,
    });
    expect(help.body.response_type).toBe("ephemeral");
    const text = messageText(help.body as never);
    expect(text).toContain("billing-waiver");
    expect(text).toContain("Waive a customer's invoice");
    expect(text).toContain("delete-account");
  });

  it("cancel, then the checker's approval is refused with what happened", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    // Hold Slack updates back, so the checker still sees buttons when they click.
    await e2e.bot.dispatcher.stop();
    await clickOn(e2e, USERS.maker, number, ACTION.cancel);
    // The click is answered before the work is done: wait for the cancel to be recorded.
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(number))?.status === "CANCELLED",
    );
    const from = e2e.standIn.responses.length;
    const click = await clickOn(e2e, USERS.checker, number, ACTION.approve);
    expect(click.status).toBe(200);
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === USERS.checker, {
      fromIndex: from,
    });
    expect(String(reply.body.text)).toMatch(
      new RegExp(
        `^#${number} was already cancelled by <@${USERS.maker}> at .+ UTC, so it cannot be decided on.$`,
      ),
    );
    e2e.bot.dispatcher.start();
    const checkerCopy = await e2e.dm(USERS.checker, new RegExp(`#${number}[\\s\\S]*[Cc]ancelled`));
    expect(JSON.stringify(checkerCopy.blocks)).not.toContain(ACTION.approve);
    expect(e2e.webhook.received.filter((w) => w.body.number === number)).toEqual([]);
  });
});
