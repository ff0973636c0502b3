import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, modalOpenedBy } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

const restartService = (webhookUrl: string) => `  - id: restart-service
    title: Restart service
    environments: [production]
    checkers: [S0SRE]
    params:
      - { name: service, label: Service, type: text, required: true }
    executor: { type: webhook, url: ${webhookUrl}/restarts, secret_env: WAIVER_SECRET }
`;

/**
 * Who may decide is what the trail sealed and what the allow-list says when the right is used:
 * not what someone with write access to the requests table makes it say, nor a group membership
 * that has since ended.
 */
describe("who may decide, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ extraActions: restartService });
    e2e.standIn.addUserGroup("S0SRE", [USERS.checker, USERS.checker2], "sre");
  });
  afterAll(() => e2e?.close());

  /** What the app role can do: any UPDATE on the requests table. */
  const sql = (text: string) => e2e.bot.engine.database.prisma.$executeRawUnsafe(text);
  const stored = (number: number) => e2e.bot.engine.requests.findByNumber(number);
  const runsOf = (number: number) => e2e.webhook.received.filter((w) => w.body.number === number);
  const refusalsOf = async (number: number) => {
    const request = await stored(number);
    const story = request ? await e2e.bot.engine.requests.storyOf(request.id) : null;
    return (story?.events ?? [])
      .filter((event) => event.type === "ATTEMPT_REFUSED" && event.requestNumber === number)
      .map((event) => [event.actor, event.details.attempted, event.details.code]);
  };
  const verify = () =>
    verifyAuditTrail(
      new PrismaTrailReader(e2e.bot.engine.database.prisma),
      e2e.bot.engine.auditKey.key,
    );

  /** The ephemeral reply to `user`'s click, from the responses after `from`. */
  async function replyTo(user: string, from: number): Promise<string> {
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === user, { fromIndex: from });
    expect(reply.body.response_type).toBe("ephemeral");
    return String(reply.body.text);
  }

  /** The user's Home once a publish matching `match` has arrived. */
  async function homeOf(user: string, match: RegExp) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const home = e2e.standIn.homeOf(user);
      if (home && match.test(messageText(home))) return home;
      if (Date.now() > deadline) throw new Error(`${user}'s Home never matched ${match}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("a stranger added to checker_ids by hand cannot approve from Home; the attempt is sealed", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    await sql(
      `UPDATE requests SET checker_ids = array_append(checker_ids, '${USERS.stranger}') WHERE number = ${number}`,
    );
    // The edited row puts the request in the stranger's Home, with an Approve button.
    await e2e.driver.appHomeOpened(USERS.stranger);
    const home = await homeOf(USERS.stranger, new RegExp(`Waiting on you[\\s\\S]*#${number}`));
    const click = await e2e.driver.clickInModal(USERS.stranger, home, {
      actionId: ACTION.approve,
    });
    const notice = await modalOpenedBy(e2e, USERS.stranger, click.triggerId);
    expect(messageText(notice)).toContain(
      `#${number} cannot be approved: its record in the database does not match its audit trail (checker_ids differs), so who may decide on it cannot be trusted. Tell an administrator: \`npm run audit -- verify\` shows what changed.`,
    );
    expect(await stored(number)).toMatchObject({ status: "PENDING", approvedBy: [] });
    expect(await refusalsOf(number)).toEqual([
      [USERS.stranger, "approve", "REQUEST.TRAIL_MISMATCH"],
    ]);

    // Taken out again, nothing the stranger did is left but the refused attempt; the real
    // checker decides as usual and the trail verifies.
    await sql(
      `UPDATE requests SET checker_ids = array_remove(checker_ids, '${USERS.stranger}') WHERE number = ${number}`,
    );
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    expect(await stored(number)).toMatchObject({ approvedBy: [USERS.checker] });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("a lowered approvals_required does not let one approval run a request that needs two", async () => {
    const number = await fileRequest(
      e2e,
      {
        [BLOCK.environment]: "staging",
        [BLOCK.team]: "Initech",
        [paramBlockId("account")]: "initech-eu",
        [BLOCK.checkers]: [USERS.checker, USERS.checker2],
        [BLOCK.purpose]: "Customer left",
      },
      "delete-account",
    );
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    await sql(`UPDATE requests SET approvals_required = 1 WHERE number = ${number}`);
    const from = e2e.standIn.responses.length;
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    expect(await replyTo(USERS.checker, from)).toBe(
      `#${number} cannot be approved: its record in the database does not match its audit trail (approvals_required differs), so who may decide on it cannot be trusted. Tell an administrator: \`npm run audit -- verify\` shows what changed.`,
    );
    expect(await stored(number)).toMatchObject({ status: "PENDING", approvedBy: [] });
    expect(runsOf(number)).toEqual([]);
    expect(await refusalsOf(number)).toEqual([
      [USERS.checker, "approve", "REQUEST.TRAIL_MISMATCH"],
    ]);
    await sql(`UPDATE requests SET approvals_required = 2 WHERE number = ${number}`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("a request set to APPROVED by hand is not run, not even by a restart", async () => {
    const number = await fileRequest(e2e);
    await sql(`UPDATE requests SET status = 'APPROVED' WHERE number = ${number}`);
    // What a start-up does with approved requests that never started.
    await e2e.bot.runner.resume();
    await e2e.bot.runner.idle();
    expect(runsOf(number)).toEqual([]);
    expect(e2e.logs).toContainEqual(
      expect.stringContaining(
        `#${number} cannot be run: its record in the database does not match its audit trail (status differs)`,
      ),
    );
    await sql(`UPDATE requests SET status = 'PENDING' WHERE number = ${number}`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it("a checker removed from the group after filing can no longer decide, is told why, and it is audited", async () => {
    const number = await fileRequest(
      e2e,
      {
        [BLOCK.environment]: "production",
        [BLOCK.team]: "Payments",
        [paramBlockId("service")]: "ledger-api",
        [BLOCK.checkers]: USERS.checker,
        [BLOCK.purpose]: "Memory leak since the deploy",
      },
      "restart-service",
    );
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    e2e.standIn.addUserGroup("S0SRE", [USERS.checker2], "sre");
    const why = `You can no longer decide on #${number}: checkers of "Restart service" requests must be <!subteam^S0SRE>, and you are not one now.`;

    let from = e2e.standIn.responses.length;
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    expect(await replyTo(USERS.checker, from)).toBe(why);
    // Decline asks for a reason first: no form for someone whose answer would be refused.
    from = e2e.standIn.responses.length;
    const decline = await clickOn(e2e, USERS.checker, number, ACTION.decline);
    expect(await replyTo(USERS.checker, from)).toBe(why);
    expect(
      e2e.standIn.calls.some(
        (call) => call.method === "views.open" && call.args.trigger_id === decline.triggerId,
      ),
    ).toBe(false);

    expect(await stored(number)).toMatchObject({ status: "PENDING", approvedBy: [] });
    expect(runsOf(number)).toEqual([]);
    expect(await refusalsOf(number)).toEqual([
      [USERS.checker, "approve", "REQUEST.CHECKER_NOT_ALLOWED"],
      [USERS.checker, "decline", "REQUEST.CHECKER_NOT_ALLOWED"],
    ]);

    // Back in the group, they decide as before: the group is asked each time.
    e2e.standIn.addUserGroup("S0SRE", [USERS.checker, USERS.checker2], "sre");
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    expect(runsOf(number)).toHaveLength(1);
  });
});
