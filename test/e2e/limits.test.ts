import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { formatWait } from "../../src/core/time-text.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { ACTION, BLOCK, HOME_ACTION, paramBlockId } from "../../src/slack/ids.ts";
import { fileRequest, modalOpenedBy, openRequestForm, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const MINUTE = 60_000;

describe("limits that keep one person from hurting everyone, end to end", () => {
  let e2e: E2E;
  // Time stands still unless a test moves it: the limits count in it, not in the machine's time.
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({
      clock,
      env: { CLICK_RATE_LIMIT: "12/1m", REQUEST_RATE_LIMIT: "3/10m", MAX_CHECKERS: "3" },
    });
  });
  afterAll(() => e2e?.close());

  /** Every limit below counts within 10 minutes at most: a test starts once they have passed. */
  const freshWindow = () => clock.advance(10 * MINUTE);
  const prisma = () => e2e.bot.engine.database.prisma;

  it("a stranger clicking Approve 20 times: told why, then to slow down; the trail counts the repeats in one event", async () => {
    const number = await fileRequest(e2e);
    const request = await e2e.bot.engine.requests.findByNumber(number);
    if (!request) throw new Error(`#${number} was not filed`);
    const card = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const channel = e2e.standIn.dmChannelOf(USERS.checker);
    const clickedAt = clock.now().toISOString().slice(0, 16).replace("T", " ");
    for (let i = 0; i < 20; i++) {
      const click = await e2e.driver.click(USERS.stranger, {
        actionId: ACTION.approve,
        channel,
        messageTs: card.ts,
      });
      expect(click.status).toBe(200);
    }
    const replies = () => e2e.standIn.responsesFor(USERS.stranger).map((r) => String(r.body.text));
    await until(async () => replies().length === 20);
    const refused = `Only <@${USERS.checker}> can decide on #${number}.`;
    expect(replies().filter((text) => text === refused)).toHaveLength(12);
    const slowDown = replies().filter((text) => text !== refused);
    expect(slowDown).toHaveLength(8);
    for (const text of slowDown) {
      expect(text).toMatch(
        /^Slow down… you clicked 12 times in the last minute, so this did nothing\. Try again in 60 seconds\.$/,
      );
    }

    const refusals = () =>
      prisma().auditEvent.findMany({
        where: { requestId: request.id, type: "ATTEMPT_REFUSED" },
        orderBy: { seq: "asc" },
      });
    // Every refusal was answered, so every one is recorded: the first sealed, the rest counted.
    expect(await refusals()).toHaveLength(1);
    clock.advance(10 * MINUTE);
    expect((await e2e.bot.sweeper.sweep()).repeatedRefusals).toBe(1);
    const [first, repeats, ...more] = await refusals();
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      actor: USERS.stranger,
      details: { attempted: "approve", code: "REQUEST.NOT_A_CHECKER", message: refused },
    });
    expect(repeats).toMatchObject({
      actor: USERS.stranger,
      causationId: first?.id,
      details: { attempted: "approve", code: "REQUEST.NOT_A_CHECKER", count: 11 },
    });
    expect((await e2e.bot.engine.requests.findById(request.id))?.status).toBe("PENDING");
    expect(
      await verifyAuditTrail(new PrismaTrailReader(prisma()), e2e.bot.engine.auditKey.key),
    ).toMatchObject({
      ok: true,
    });

    // The maker reads the whole story in Details: the first attempt, then how many more.
    await e2e.driver.appHomeOpened(USERS.maker);
    await until(async () =>
      messageText(e2e.standIn.homeOf(USERS.maker) ?? {}).includes(`#${number}`),
    );
    const home = e2e.standIn.homeOf(USERS.maker);
    if (!home) throw new Error("the maker has no Home");
    const click = await e2e.driver.clickInModal(USERS.maker, home, {
      actionId: HOME_ACTION.details,
    });
    const story = messageText(await modalOpenedBy(e2e, USERS.maker, click.triggerId));
    expect(story).toContain(`<@${USERS.stranger}> tried to approve but was refused`);
    expect(story).toContain(
      `<@${USERS.stranger}> tried to approve 11 more times at ${clickedAt} UTC but was refused`,
    );
  });

  it("a maker filing faster than REQUEST_RATE_LIMIT is told under the form how many and until when", async () => {
    freshWindow();
    // Half a minute past a whole minute, so "just before" and "at the time given" differ.
    const filedAt = Math.ceil(clock.now().getTime() / MINUTE) * MINUTE + 30_000;
    clock.set(new Date(filedAt));
    for (let i = 0; i < 3; i++) await fileRequest(e2e);
    const form = await openRequestForm(e2e, USERS.maker);
    const refused = await e2e.driver.submit(USERS.maker, form, waiverAnswers());
    const retryAt = new Date(Math.ceil((filedAt + 10 * MINUTE) / MINUTE) * MINUTE);
    const when = `${retryAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    expect(refused.outcome).toEqual({
      action: "errors",
      errors: {
        [BLOCK.action]: `You have filed 3 requests in the last 10 minutes; try again in ${formatWait(retryAt.getTime() - filedAt)} (at ${when}).`,
      },
    });
    // True: a second before the first of them is 10 minutes old, still refused; at the time given, filed.
    clock.set(new Date(filedAt + 10 * MINUTE - 1000));
    const again = await e2e.driver.submit(USERS.maker, form, waiverAnswers());
    expect(again.outcome?.action).toBe("errors");
    clock.set(retryAt);
    expect((await e2e.driver.submit(USERS.maker, form, waiverAnswers())).outcome).toEqual({
      action: "close",
    });
  });

  it("the checker picker takes at most MAX_CHECKERS; a forged submission with more is refused under it", async () => {
    freshWindow();
    const form = await openRequestForm(e2e, USERS.maker, "delete-account");
    const picker = JSON.stringify(form.blocks);
    expect(picker).toContain('"max_selected_items":3');
    const answers = {
      [BLOCK.environment]: "production",
      [BLOCK.team]: "Acme Corp",
      [paramBlockId("account")]: "acct_42",
      [BLOCK.purpose]: "Customer asked to be forgotten",
      [BLOCK.checkers]: [USERS.checker, USERS.checker2, USERS.stranger, USERS.bot],
    };
    await expect(e2e.driver.submit(USERS.maker, form, answers)).rejects.toThrow(
      /allows at most 3 choices/,
    );
    const forged = await e2e.driver.submit(USERS.maker, form, answers, { skipClientChecks: true });
    expect(forged.outcome).toEqual({
      action: "errors",
      errors: { [BLOCK.checkers]: "Choose at most 3 checkers (you chose 4)." },
    });
  });
});
