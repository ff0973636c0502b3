import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASK } from "../../src/factory/params.ts";
import {
  ACTION,
  BLOCK,
  CALLBACK,
  HOME_ACTION,
  homeRowBlockId,
  paramBlockId,
} from "../../src/slack/ids.ts";
import { formattedSpans, mrkdwnTexts } from "../support/slack/mrkdwn-format.ts";
import { clickOn, fileRequest, modalOpenedBy, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const AUDIT_CHANNEL = "C0AUDIT001";
/** A sensitive value long and odd enough that finding it anywhere means a leak. */
const CARD = "card-7Q4Z-SENSITIVE";
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("sensitive values and spoofing, end to end", () => {
  let e2e: E2E;
  let finished: number;
  let failed: number;

  beforeAll(async () => {
    e2e = await startE2E({ auditChannel: AUDIT_CHANNEL });
    const withCard = waiverAnswers({ [paramBlockId("card_last4")]: CARD });

    // The receiver echoes the card back in its answer...
    e2e.webhook.answerNext(200, { charged: `card ${CARD}`, card_last4: CARD });
    finished = await fileRequest(e2e, withCard);
    await clickOn(e2e, USERS.checker, finished, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${finished}[\\s\\S]*is done`, "i"));

    // ... and in its error.
    e2e.webhook.answerNext(500, { error: `bad card ${CARD}` });
    failed = await fileRequest(e2e, withCard);
    await clickOn(e2e, USERS.checker, failed, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${failed}[\\s\\S]*failed`, "i"));
  }, 60_000);
  afterAll(() => e2e?.close());

  /** `user` opens their Home and the Details of request #number in it. */
  async function details(user: string, number: number) {
    await e2e.driver.appHomeOpened(user);
    let home = e2e.standIn.homeOf(user);
    await until(async () => {
      home = e2e.standIn.homeOf(user);
      return home !== undefined && messageText(home).includes(`#${number}*`);
    });
    if (!home) throw new Error(`no Home for ${user}`);
    const click = await e2e.driver.clickInModal(user, home, {
      actionId: HOME_ACTION.details,
      blockId: homeRowBlockId("all", number),
    });
    return messageText(await modalOpenedBy(e2e, user, click.triggerId));
  }

  it("a stranger opening Details never sees the value the webhook echoed; the checker does", async () => {
    for (const number of [finished, failed]) {
      const stranger = await details(USERS.stranger, number);
      expect(stranger).toMatch(/What happened/);
      expect(stranger).not.toContain(CARD);
      expect(stranger).toContain(MASK);
    }
    expect(await details(USERS.checker, failed)).toContain(`bad card ${CARD}`);
  });

  it("the audit channel gets one clean line per request: no value, no response body", async () => {
    await until(async () => e2e.standIn.messagesIn(AUDIT_CHANNEL).length >= 2);
    const posts = e2e.standIn.calls.filter(
      (call) => call.method.startsWith("chat.") && call.args.channel === AUDIT_CHANNEL,
    );
    expect(posts.length).toBeGreaterThanOrEqual(2);
    const everything = JSON.stringify(posts.map((call) => call.args));
    expect(everything).not.toContain(CARD);
    expect(everything).not.toContain("bad card");
    expect(everything).not.toContain("charged");
    const lines = e2e.standIn.messagesIn(AUDIT_CHANNEL).map(messageText);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^#${failed} Billing waiver .*: :x: Failed at .* UTC: The webhook \\(127\\.0\\.0\\.1:\\d+\\) failed to do it \\(error 500\\); check it before trying again\\.\n`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^#${finished} .*: :white_check_mark: Done at .* UTC\n`)),
    );
  });

  it("a forged Duplicate click by a stranger is refused with an ephemeral, and no form opens", async () => {
    const card = e2e.standIn
      .dmWith(USERS.maker)
      .findLast(
        (m) => m.text.includes(`#${failed}`) && JSON.stringify(m.blocks).includes(ACTION.duplicate),
      );
    if (!card) throw new Error(`no Duplicate on the maker's card of #${failed}`);
    const from = e2e.standIn.responses.length;
    const click = await e2e.driver.click(USERS.stranger, {
      actionId: ACTION.duplicate,
      channel: card.channel,
      messageTs: card.ts,
    });
    expect(click.status).toBe(200);
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === USERS.stranger, {
      fromIndex: from,
    });
    expect(reply.body).toMatchObject({
      response_type: "ephemeral",
      text: `Only <@${USERS.maker}> can duplicate #${failed}: a copy is filed with their values.`,
    });
    expect(
      e2e.standIn.callsTo("views.open").some((call) => call.args.trigger_id === click.triggerId),
    ).toBe(false);
    const forms = e2e.standIn.modalStack(USERS.stranger).map((view) => view.callback_id);
    expect(forms).not.toContain(CALLBACK.requestModal);
    const request = await e2e.bot.engine.requests.findByNumber(failed);
    const story = await e2e.bot.engine.requests.storyOf(request?.id ?? "");
    expect(story?.events.at(-1)).toMatchObject({
      type: "ATTEMPT_REFUSED",
      actor: USERS.stranger,
      details: { attempted: "duplicate", code: "REQUEST.NOT_THE_MAKER" },
    });

    // The maker still can.
    const own = await e2e.driver.click(USERS.maker, {
      actionId: ACTION.duplicate,
      messageTs: card.ts,
    });
    const form = await modalOpenedBy(e2e, USERS.maker, own.triggerId);
    expect(JSON.stringify(form.blocks)).toContain(CARD);
  });

  it("a purpose written to look like the bot's own field is shown literally, bidi controls removed", async () => {
    const number = await fileRequest(
      e2e,
      waiverAnswers({
        [BLOCK.purpose]: "*Pre-approved by finance*\nRefund \u202E0001\u202C USD",
        [BLOCK.team]: "Acme\u2066 Corp",
      }),
    );
    const card = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const texts = mrkdwnTexts(card.blocks);
    const spans = texts.flatMap(formattedSpans);
    expect(spans).toContain("*Purpose*");
    expect(spans.filter((span) => span.includes("Pre-approved"))).toEqual([]);
    expect(texts.join("\n")).toContain("∗Pre-approved by finance∗\nRefund 0001 USD");
    expect(JSON.stringify(card)).not.toMatch(BIDI);
  });
});
