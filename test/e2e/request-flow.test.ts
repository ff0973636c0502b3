import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, openRequestForm, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("the request flow over HTTP, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ auditChannel: "C0AUDIT001" });
  });
  afterAll(() => e2e?.close());

  it("/request → form → checker approves → the webhook runs → everyone sees it finished", async () => {
    const form = await openRequestForm(e2e, USERS.maker, "");
    // Choosing the action redraws the form with its fields.
    const from = e2e.standIn.calls.length;
    await e2e.driver.clickInModal(USERS.maker, form, {
      actionId: ACTION.chooseAction,
      blockId: BLOCK.action,
      selectedValue: "billing-waiver",
    });
    await e2e.standIn.waitFor((call) => call.method === "views.update", { fromIndex: from });
    const filled = e2e.standIn.currentModal(USERS.maker);
    expect(messageText(filled ?? {})).toContain("Invoice ID");
    const submitted = await e2e.driver.submit(USERS.maker, filled ?? form, waiverAnswers());
    expect(submitted.outcome).toEqual({ action: "close" });

    const makerDm = await e2e.dm(USERS.maker, /Request #\d+ is waiting for approval/);
    const number = Number(/#(\d+)/.exec(makerDm.text)?.[1]);
    expect(makerDm.text).toContain(`<@${USERS.checker}>`);
    // Sensitive values are masked for the maker's preview and shown in full to the checker.
    expect(messageText(makerDm)).not.toContain("4242");
    const checkerDm = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    expect(messageText(checkerDm)).toContain("4242");
    expect(messageText(checkerDm)).toContain("Double-charged during the outage");

    // The webhook holds its answer: the click is answered all the same, since Slack gives an app
    // three seconds and an action may take longer (a stopwatch would depend on the machine's load).
    e2e.webhook.hold();
    const click = await clickOn(e2e, USERS.checker, number, ACTION.approve);
    expect(click.status).toBe(200);
    e2e.webhook.release();

    const finished = await e2e.dm(USERS.maker, new RegExp(`#${number}.*is done`, "i"));
    expect(finished).toBeDefined();
    expect(e2e.webhook.received).toHaveLength(1);
    const [delivery] = e2e.webhook.received;
    expect(delivery?.body).toMatchObject({
      number,
      action: "billing-waiver",
      environment: "production",
      team: "Acme Corp",
      params: { invoice_id: "in_123", amount: 250, card_last4: "4242" },
      maker: USERS.maker,
    });
    // The receiver took it only after checking its signature (README's scheme), as yours should.
    expect(e2e.webhook.rejected).toEqual([]);
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(delivery?.headers["idempotency-key"]).toBe(request?.id);
    expect(delivery?.headers["four-eyes-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // The checker's DM is edited in place to show the outcome, without buttons.
    const updated = await e2e.dm(USERS.checker, new RegExp(`#${number}[\\s\\S]*Done:`));
    expect(updated.ts).toBe(checkerDm.ts);
    expect(JSON.stringify(updated.blocks)).not.toContain(ACTION.approve);
    // One line in the audit channel.
    await e2e.standIn.waitForCall("chat.postMessage", (call) => call.args.channel === "C0AUDIT001");
    expect(e2e.standIn.unexpectedFailures()).toEqual([]);
  });

  it("a stranger's click is refused with an explanation only they see; nothing changes", async () => {
    const number = await fileRequest(e2e);
    const checkerDm = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const before = e2e.webhook.received.length;
    const click = await e2e.driver.click(USERS.stranger, {
      actionId: ACTION.approve,
      channel: checkerDm.channel,
      messageTs: checkerDm.ts,
    });
    expect(click.status).toBe(200);
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === USERS.stranger);
    expect(reply.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(reply.body.text)).toBe(`Only <@${USERS.checker}> can decide on #${number}.`);
    expect(e2e.webhook.received.length).toBe(before);
    const still = e2e.standIn.messagesIn(checkerDm.channel).find((m) => m.ts === checkerDm.ts);
    expect(JSON.stringify(still?.blocks)).toContain(ACTION.approve);
  });
});
