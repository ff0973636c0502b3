import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/command.ts";
import { outboxCommand } from "../../src/cli/commands/outbox.ts";
import { outboxAdmin } from "../../src/db/ports.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { ACTION, BLOCK } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

describe("messages survive Slack's rate limits", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  const failedPosts = () =>
    e2e.standIn.callsTo("chat.postMessage").filter((call) => call.failed === "ratelimited");

  it("Slack answers ratelimited twice, then the DMs arrive", async () => {
    e2e.standIn.failNext("chat.postMessage", { times: 2, retryAfterSeconds: 1 });
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    expect(failedPosts()).toHaveLength(2);
    const counts = await new PrismaOutboxStore(e2e.bot.engine.database.prisma).counts();
    expect(counts.DEAD).toBe(0);
  });

  it("a checker's DM failing again and again: the request stays pending, the maker is told", async () => {
    const before = failedPosts().length;
    e2e.standIn.failNext("chat.postMessage", { times: 4, retryAfterSeconds: 1 });
    const number = await fileRequest(e2e);
    const notice = await e2e.dm(USERS.maker, /did not accept the message to the checker/);
    expect(messageText(notice)).toContain(`#${number}`);
    expect(notice.thread_ts).toBeDefined();
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    expect(failedPosts().length - before).toBe(4);
    expect((await e2e.bot.engine.requests.findByNumber(number))?.status).toBe("PENDING");
  });
});

describe("a checker Slack will never reach", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  /** The maker's own card about #number, as Slack shows it now (edits included). */
  const makerCard = (number: number) =>
    e2e.standIn
      .dmWith(USERS.maker)
      .find((message) => !message.thread_ts && message.text.startsWith(`Request #${number} `));

  it("the maker is told who was not reached, why and what to do; after a re-drive, the checker gets it and the maker's card follows", async () => {
    e2e.standIn.refuseMessagesTo(USERS.checker2, "user_not_found");
    const number = await fileRequest(e2e, waiverAnswers({ [BLOCK.checkers]: USERS.checker2 }));

    const notice = await e2e.dm(USERS.maker, /Slack refused to deliver/, { timeoutMs: 10_000 });
    const told = messageText(notice);
    expect(told).toContain(`Slack refused to deliver request #${number} to <@${USERS.checker2}>`);
    expect(told).toContain("Slack does not know this person in this workspace");
    expect(told).toContain("`user_not_found`");
    expect(told).toContain(`cancel #${number} and file it again with another checker`);
    expect(told).not.toMatch(/will be retried/);
    expect(notice.thread_ts).toBe(makerCard(number)?.ts);
    await until(async () => messageText(makerCard(number) ?? {}).includes("was not reached"));
    const card = messageText(makerCard(number) ?? {});
    expect(card).toContain(`<@${USERS.checker2}> was not reached`);
    expect(card).not.toMatch(/will be retried/);
    // Given up at once: a permanent error is not worth a second attempt.
    const tries = () =>
      e2e.standIn
        .callsTo("chat.postMessage")
        .filter((call) => call.args.channel === USERS.checker2);
    expect(tries()).toHaveLength(1);
    expect(e2e.standIn.dmWith(USERS.checker2)).toEqual([]);

    // The account is back; an operator re-drives the dead letters.
    e2e.standIn.acceptMessagesTo(USERS.checker2);
    const out = { text: "" };
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        out.text += chunk;
        done();
      },
    });
    const work = await outboxCommand.prepare({ retry: ["all"] });
    const code = await work({
      trail: new PrismaTrailReader(e2e.bot.engine.database.prisma),
      outbox: outboxAdmin({ prisma: e2e.bot.engine.database.prisma }, e2e.bot.engine.auditKey.key),
      key: e2e.bot.engine.auditKey.key,
      stdout,
      stderr: stdout,
    });
    expect(code).toBe(EXIT.ok);
    expect(out.text).toContain(`to ${USERS.checker2} (request #${number})`);

    await e2e.dm(USERS.checker2, new RegExp(`#${number}`), { timeoutMs: 10_000 });
    const reached = await e2e.dm(USERS.maker, /has now reached/, { timeoutMs: 10_000 });
    expect(messageText(reached)).toContain(`#${number} has now reached <@${USERS.checker2}>`);
    await until(async () => !messageText(makerCard(number) ?? {}).includes("was not reached"));
    expect(messageText(makerCard(number) ?? {})).toContain(
      `*Waiting for approval* from <@${USERS.checker2}>`,
    );

    // The checker's card works: their approval runs the request.
    await clickOn(e2e, USERS.checker2, number, ACTION.approve);
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(number))?.status === "FINISHED",
      10_000,
    );
    const trail = await e2e.bot.engine.database.prisma.auditEvent.findMany({
      where: { requestNumber: number, type: "OUTBOX_REDRIVEN" },
    });
    expect(trail).toHaveLength(1);
  });
});
