import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { ACTION, BLOCK, HOME_ACTION } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, openRequestForm, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const DAY_SECONDS = 24 * 60 * 60;

describe("delegation while away, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  async function homeOf(user: string, match: RegExp) {
    await until(async () => match.test(messageText(e2e.standIn.homeOf(user) ?? {})));
    const home = e2e.standIn.homeOf(user);
    if (!home) throw new Error(`no Home for ${user}`);
    return home;
  }

  /** Home → "Set a delegate" → the form, as the checker does it. */
  async function delegationForm(user: string) {
    await e2e.driver.appHomeOpened(user);
    const home = await homeOf(user, /Going away\?/);
    const clicked = await e2e.driver.clickInModal(user, home, {
      actionId: HOME_ACTION.setDelegate,
    });
    await e2e.standIn.waitFor(
      (call) => call.method === "views.open" && call.args.trigger_id === clicked.triggerId,
    );
    const form = e2e.standIn.currentModal(user);
    if (!form) throw new Error("no delegation form");
    return form;
  }

  const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * DAY_SECONDS;

  it("refuses a delegate who is the checker themselves or a bot, under the field", async () => {
    const form = await delegationForm(USERS.checker);
    for (const [delegate, error] of [
      [USERS.checker, "Choose someone other than yourself."],
      [USERS.bot, "bot is a bot: choose a person."],
    ] as const) {
      const refused = await e2e.driver.submit(USERS.checker, form, {
        [BLOCK.delegate]: delegate,
        [BLOCK.awayUntil]: inDays(2),
      });
      expect(refused.outcome).toEqual({ action: "errors", errors: { [BLOCK.delegate]: error } });
    }
    expect(await e2e.bot.engine.delegations.currentOf(USERS.checker)).toBeNull();
  });

  it("moves a pending request to the delegate, tells the maker, and the delegate decides on the checker's behalf", async () => {
    const pending = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`approve[\\s\\S]*#${pending}`));

    const form = await delegationForm(USERS.checker);
    const set = await e2e.driver.submit(USERS.checker, form, {
      [BLOCK.delegate]: USERS.checker2,
      [BLOCK.awayUntil]: inDays(3),
    });
    expect(set.outcome).toMatchObject({ action: "update" });
    expect(messageText(e2e.standIn.currentModal(USERS.checker) ?? {})).toContain(
      `Moved to them now: #${pending}.`,
    );
    const home = await homeOf(USERS.checker, /You are away until/);
    expect(messageText(home)).toContain(`go to <@${USERS.checker2}>`);

    // The checker's card says who decides now, without buttons; the delegate gets one.
    await until(async () =>
      /decides instead/.test(
        messageText(
          e2e.standIn.dmWith(USERS.checker).findLast((m) => m.text.includes(`#${pending}`)) ?? {},
        ),
      ),
    );
    const old = e2e.standIn.dmWith(USERS.checker).findLast((m) => m.text.includes(`#${pending}`));
    expect(JSON.stringify(old?.blocks)).not.toContain(ACTION.approve);
    const card = await e2e.dm(USERS.checker2, new RegExp(`#${pending}`));
    expect(messageText(card)).toContain(`in Production (for <@${USERS.checker}>, who is away).`);
    const told = await e2e.dm(USERS.maker, /is away, so/);
    expect(messageText(told)).toContain(
      `#${pending}: <@${USERS.checker}> is away, so <@${USERS.checker2}> decides instead.`,
    );

    await clickOn(e2e, USERS.checker2, pending, ACTION.approve);
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(pending))?.status === "FINISHED",
    );
    const approval = await e2e.bot.engine.database.prisma.auditEvent.findFirstOrThrow({
      where: { requestNumber: pending, type: "REQUEST_APPROVED" },
    });
    expect(approval).toMatchObject({
      actor: USERS.checker2,
      details: { onBehalfOf: USERS.checker },
    });
  });

  it("sends a new request straight to the delegate, and the maker sees who decides", async () => {
    const number = await fileRequest(e2e);
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request).toMatchObject({
      checkerIds: [USERS.checker2],
      onBehalfOf: { [USERS.checker2]: USERS.checker },
    });
    const mine = await e2e.dm(
      USERS.maker,
      new RegExp(`Request #${number} is waiting for approval`),
    );
    expect(messageText(mine)).toContain(
      `*Waiting for approval* from <@${USERS.checker2}> (for <@${USERS.checker}>, away)`,
    );
  });

  it("never asks the maker to check their own request", async () => {
    const form = await delegationForm(USERS.stranger);
    await e2e.driver.submit(USERS.stranger, form, {
      [BLOCK.delegate]: USERS.maker,
      [BLOCK.awayUntil]: inDays(1),
    });
    const modal = await openRequestForm(e2e, USERS.maker);
    const refused = await e2e.driver.submit(
      USERS.maker,
      modal,
      waiverAnswers({ [BLOCK.checkers]: USERS.stranger }),
    );
    expect(refused.outcome).toMatchObject({ action: "errors" });
    const errors = (refused.outcome as { errors: Record<string, string> }).errors;
    expect(errors[BLOCK.checkers]).toMatch(
      /^stranger is away until .* UTC and their requests go to you; you cannot check your own request: choose someone else\.$/,
    );
  });

  it('"I\'m back" ends it: new requests come to the checker again, and the trail verifies', async () => {
    const home = await homeOf(USERS.checker, /You are away until/);
    await e2e.driver.clickInModal(USERS.checker, home, { actionId: HOME_ACTION.endDelegation });
    await homeOf(USERS.checker, /Going away\?/);
    const number = await fileRequest(e2e);
    expect((await e2e.bot.engine.requests.findByNumber(number))?.checkerIds).toEqual([
      USERS.checker,
    ]);

    const types = (
      await e2e.bot.engine.database.prisma.auditEvent.findMany({
        where: { type: { startsWith: "DELEGATION_" } },
        orderBy: { seq: "asc" },
      })
    ).map((event) => [event.type, event.actor]);
    expect(types).toEqual([
      ["DELEGATION_SET", USERS.checker],
      ["DELEGATION_SET", USERS.stranger],
      ["DELEGATION_ENDED", USERS.checker],
    ]);
    expect(
      await verifyAuditTrail(
        new PrismaTrailReader(e2e.bot.engine.database.prisma),
        e2e.bot.engine.auditKey.key,
      ),
    ).toMatchObject({ ok: true });
  });
});
