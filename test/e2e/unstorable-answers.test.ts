/**
 * A webhook answering what the database cannot store (NUL, a lone surrogate) through the real
 * bot: the request ends, the webhook is called once however many sweeps come after, and the
 * trail verifies. On PostgreSQL when TEST_DATABASE_URL is set, else on PGlite.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { EXECUTION_LEASE_MS } from "../../src/requests/schedule.ts";
import { emptyReport } from "../../src/scheduler/sweeper.ts";
import { ACTION, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("a webhook answering characters a database cannot store", () => {
  let e2e: E2E;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    e2e = await startE2E({ clock });
  }, 60_000);
  afterAll(() => e2e?.close());

  /** Files and approves a waiver whose webhook answers `status` and `body`. */
  async function approveAnswering(invoice: string, status: number, body: unknown) {
    const number = await fileRequest(e2e, waiverAnswers({ [paramBlockId("invoice_id")]: invoice }));
    e2e.webhook.answerNext(status, body);
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    return number;
  }

  /** Sweeps as the cron job would, long after any execution lease ran out. */
  async function sweepLater() {
    for (let sweep = 0; sweep < 3; sweep++) {
      clock.advance(2 * EXECUTION_LEASE_MS);
      expect(await e2e.bot.sweeper.sweep()).toEqual(emptyReport());
      await e2e.bot.runner.idle();
    }
  }

  const callsFor = (number: number) =>
    e2e.webhook.received.filter((call) => call.body.number === number);

  it('{"note":"ok\\u0000"}: finished, the webhook called once', async () => {
    const number = await approveAnswering("in_100", 200, { note: "ok\u0000" });
    const finished = await e2e.dm(USERS.maker, new RegExp(`#${number}.*is done`, "i"));
    expect(messageText(finished)).not.toContain("\u0000");
    await sweepLater();
    expect(callsFor(number)).toHaveLength(1);
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request).toMatchObject({
      status: "FINISHED",
      result: { status: 200, body: { note: "ok\uFFFD" } },
    });
  });

  it("a lone surrogate in a failure's body: failed with a readable error, the webhook called once", async () => {
    const number = await approveAnswering("in_200", 500, { error: "bad \ud800 input" });
    const failed = await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*failed`, "i"));
    expect(messageText(failed)).toContain("500");
    await sweepLater();
    expect(callsFor(number)).toHaveLength(1);
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request).toMatchObject({
      status: "FAILED",
      // The error quotes the body as it came (JSON text, escapes and all); the parsed result
      // holds the character itself, replaced.
      error: 'Webhook answered 500 Internal Server Error: {"error":"bad \\ud800 input"}',
      result: { status: 500, body: { error: "bad \uFFFD input" } },
    });
  });

  it("the audit trail verifies", async () => {
    const { prisma } = e2e.bot.engine.database;
    expect(
      await verifyAuditTrail(new PrismaTrailReader(prisma), e2e.bot.engine.auditKey.key),
    ).toMatchObject({
      ok: true,
      requests: 2,
    });
  });
});
