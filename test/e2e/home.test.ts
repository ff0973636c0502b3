import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, HOME_ACTION, HOME_BLOCK } from "../../src/slack/ids.ts";
import { WAIT_MS } from "../support/patience.ts";
import { clickOn, fileRequest, modalOpenedBy, waiverAnswers } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("the Home tab, end to end", () => {
  let e2e: E2E;
  let pending: number;
  let finished: number;
  beforeAll(async () => {
    e2e = await startE2E();
    finished = await fileRequest(e2e);
    await clickOn(e2e, USERS.checker, finished, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${finished}[\\s\\S]*is done`, "i"));
    pending = await fileRequest(e2e);
  });
  afterAll(() => e2e?.close());

  /** The user's Home once a publish matching `match` has arrived. */
  async function homeOf(user: string, match: RegExp) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const home = e2e.standIn.homeOf(user);
      if (home && match.test(messageText(home))) return home;
      if (Date.now() > deadline) {
        throw new Error(`${user}'s Home never matched ${match}:\n${messageText(home ?? {})}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The user's Home once its blocks, as JSON, pass `test`. */
  async function homeWith(user: string, test: (json: string) => boolean) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const home = e2e.standIn.homeOf(user);
      if (home && test(JSON.stringify(home.blocks))) return home;
      if (Date.now() > deadline) throw new Error(`${user}'s Home never passed the test`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("shows the checker what waits for them, and they can approve right there", async () => {
    const opened = await e2e.driver.appHomeOpened(USERS.checker);
    expect(opened.status).toBe(200);
    const home = await homeOf(USERS.checker, /Waiting on you \(1\)/);
    // "New request" comes first, then the queue, then the delegation box.
    const ids = (home.blocks as { block_id?: string }[]).map((block) => block.block_id);
    expect(ids[0]).toBe(HOME_BLOCK.newRequest);
    expect(ids.indexOf(HOME_BLOCK.waiting)).toBeLessThan(ids.indexOf(HOME_BLOCK.away));
    expect(messageText(home)).toContain(`#${pending}`);
    const from = e2e.webhook.received.length;
    await e2e.driver.clickInModal(USERS.checker, home, { actionId: ACTION.approve });
    await e2e.dm(USERS.maker, new RegExp(`#${pending}[\\s\\S]*is done`, "i"));
    expect(e2e.webhook.received.length).toBe(from + 1);
    // Their Home is refreshed after the change: nothing waits any more.
    await homeOf(USERS.checker, /Nothing is waiting on you/);
  });

  it("filters all requests and remembers the filter", async () => {
    await e2e.driver.appHomeOpened(USERS.stranger);
    const home = await homeOf(USERS.stranger, /All requests/);
    await e2e.driver.clickInModal(USERS.stranger, home, {
      actionId: HOME_ACTION.filterStatus,
      selectedValue: "DECLINED",
    });
    const filtered = await homeOf(USERS.stranger, /No requests match these filters/);
    expect(messageText(filtered)).not.toContain(`#${finished} `);

    // Coming back to the tab later shows the same filter.
    const from = e2e.standIn.calls.length;
    await e2e.driver.appHomeOpened(USERS.stranger);
    await e2e.standIn.waitFor(
      (call) => call.method === "views.publish" && call.args.user_id === USERS.stranger,
      { fromIndex: from },
    );
    expect(messageText(e2e.standIn.homeOf(USERS.stranger) ?? {})).toMatch(
      /No requests match these filters/,
    );
    const again = e2e.standIn.homeOf(USERS.stranger);
    if (!again) throw new Error("no home");
    await e2e.driver.clickInModal(USERS.stranger, again, { actionId: HOME_ACTION.clearFilters });
    await homeOf(USERS.stranger, new RegExp(`#${finished}\\*`));
  });

  it("Details tells a request's story; sensitive values only for those involved", async () => {
    const home = await homeOf(USERS.stranger, new RegExp(`#${finished}\\*`));
    const click = await e2e.driver.clickInModal(USERS.stranger, home, {
      actionId: HOME_ACTION.details,
    });
    const story = await modalOpenedBy(e2e, USERS.stranger, click.triggerId);
    const text = messageText(story);
    expect(text).toMatch(/What happened/);
    expect(text).not.toContain("4242");
    expect(text).toContain(`<@${USERS.checker}>`);
  });

  it("pages through all requests, 20 at a time", async () => {
    for (let i = 0; i < 21; i++) {
      const created = await e2e.bot.engine.requests.createRequest({
        actionId: "billing-waiver",
        environment: "staging",
        team: `Paging ${i}`,
        params: { invoice_id: `in_${i}` },
        purpose: "Paging",
        makerId: USERS.maker,
        checkerIds: [USERS.checker2],
      });
      if (!created.ok) throw new Error(created.refusal.message);
    }
    const newest = await e2e.bot.engine.database.prisma.request.count();
    const from = e2e.standIn.calls.length;
    await e2e.driver.appHomeOpened(USERS.stranger);
    await e2e.standIn.waitFor(
      (call) => call.method === "views.publish" && call.args.user_id === USERS.stranger,
      { fromIndex: from },
    );
    const first = await homeOf(USERS.stranger, new RegExp(`#${newest}\\*`));
    expect(messageText(first)).not.toContain(`#${newest - 20}*`);
    expect(messageText(first)).toContain(`All requests (${newest})`);
    expect(messageText(first)).toContain(`1–20 of ${newest}`);
    await e2e.driver.clickInModal(USERS.stranger, first, { actionId: HOME_ACTION.olderPage });
    const second = await homeOf(USERS.stranger, new RegExp(`#${newest - 20}\\*`));
    expect(messageText(second)).not.toContain(`#${newest}*`);
    expect(messageText(second)).toContain(`21–${Math.min(40, newest)} of ${newest}`);
    await e2e.driver.clickInModal(USERS.stranger, second, { actionId: HOME_ACTION.newerPage });
    await homeOf(USERS.stranger, new RegExp(`#${newest}\\*`));
  });

  it("filters by a range of days that survives paging, and says when the days are the wrong way round", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const total = await e2e.bot.engine.database.prisma.request.count();
    const picked = `"initial_date":"${today}"`;
    await e2e.driver.appHomeOpened(USERS.stranger);
    let home = await homeOf(USERS.stranger, /All requests/);
    await e2e.driver.clickInModal(USERS.stranger, home, {
      actionId: HOME_ACTION.filterFrom,
      selectedValue: today,
    });
    home = await homeWith(USERS.stranger, (text) => text.includes(picked));
    expect(messageText(home)).toContain(`1–20 of ${total}`);
    await e2e.driver.clickInModal(USERS.stranger, home, { actionId: HOME_ACTION.olderPage });
    const older = await homeOf(USERS.stranger, new RegExp(`21–${total} of ${total}`));
    expect(JSON.stringify(older.blocks)).toContain(picked);
    // A last day before the first: a clear message, the first day kept.
    await e2e.driver.clickInModal(USERS.stranger, older, {
      actionId: HOME_ACTION.filterTo,
      selectedValue: "2020-01-01",
    });
    const wrong = await homeOf(USERS.stranger, /is after the last day/);
    expect(JSON.stringify(wrong.blocks)).toContain(picked);
    await e2e.driver.clickInModal(USERS.stranger, wrong, { actionId: HOME_ACTION.clearFilters });
    await homeWith(USERS.stranger, (text) => !text.includes("initial_date"));
  });

  it('"New request" opens the same form as /request; its confirmation comes by DM', async () => {
    await e2e.driver.appHomeOpened(USERS.maker);
    const home = await homeOf(USERS.maker, /All requests/);
    const click = await e2e.driver.clickInModal(USERS.maker, home, {
      actionId: HOME_ACTION.newRequest,
    });
    const form = await modalOpenedBy(e2e, USERS.maker, click.triggerId);
    expect(form.callback_id).toBe("request_modal");
    // Choosing the action redraws the form with its fields, as after /request.
    const from = e2e.standIn.calls.length;
    await e2e.driver.clickInModal(USERS.maker, form, {
      actionId: ACTION.chooseAction,
      blockId: BLOCK.action,
      selectedValue: "billing-waiver",
    });
    await e2e.standIn.waitFor((call) => call.method === "views.update", { fromIndex: from });
    const filled = e2e.standIn.currentModal(USERS.maker) ?? form;
    expect(messageText(filled)).toContain("Invoice ID");
    const earlier = new Set(e2e.standIn.dmWith(USERS.maker).map((message) => message.ts));
    const submitted = await e2e.driver.submit(USERS.maker, filled, waiverAnswers());
    expect(submitted.outcome).toEqual({ action: "close" });
    await e2e.dm(USERS.maker, /#\d+ .* is waiting for .* to approve it/, { notIn: earlier });
  });
});
