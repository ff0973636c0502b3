import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, CALLBACK, HOME_ACTION, HOME_CALLBACK } from "../../src/slack/ids.ts";
import { WAIT_MS } from "../support/patience.ts";
import type { StoredView } from "../support/slack/workspace.ts";
import { clickOn, fileRequest, modalOpenedBy } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("Details, end to end: the buttons each person may use, from the modal", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  async function eventually<T>(what: string, find: () => T | undefined): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`never: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Opens `user`'s Home and the Details of request #number from `section`'s row. */
  async function details(user: string, number: number, section: "waiting" | "mine" | "all") {
    await e2e.driver.appHomeOpened(user);
    const blockId = `row:${section}:${number}`;
    const home = await eventually(`#${number} in ${user}'s Home`, () => {
      const shown = e2e.standIn.homeOf(user);
      return shown && JSON.stringify(shown.blocks).includes(`"${blockId}"`) ? shown : undefined;
    });
    const click = await e2e.driver.clickInModal(user, home, {
      actionId: HOME_ACTION.details,
      blockId,
    });
    return modalOpenedBy(e2e, user, click.triggerId);
  }

  /** The user's top modal once it passes `test` (a push or an update has arrived). */
  function topModal(user: string, test: (view: StoredView) => boolean) {
    return eventually(`a modal for ${user}`, () => {
      const top = e2e.standIn.currentModal(user);
      return top && test(top) ? top : undefined;
    });
  }

  const ids = (view: StoredView) => JSON.stringify(view.blocks);

  it("a checker approves from Details; the modal shows where the request now stands", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const story = await details(USERS.checker, number, "waiting");
    expect(ids(story)).toContain(ACTION.approve);
    expect(ids(story)).toContain(`"accessibility_label":"Approve, request #${number}"`);
    await e2e.driver.clickInModal(USERS.checker, story, { actionId: ACTION.approve });
    const updated = await topModal(
      USERS.checker,
      (view) => view.id === story.id && !ids(view).includes(ACTION.approve),
    );
    expect(messageText(updated)).toMatch(/Approved|Running|Done/);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
  });

  it("Decline from Details opens the reason form on top of it", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const story = await details(USERS.checker, number, "waiting");
    await e2e.driver.clickInModal(USERS.checker, story, { actionId: ACTION.decline });
    const form = await topModal(
      USERS.checker,
      (view) => view.callback_id === CALLBACK.declineModal,
    );
    expect(e2e.standIn.modalStack(USERS.checker).map((view) => view.callback_id)).toEqual([
      HOME_CALLBACK.requestStory,
      CALLBACK.declineModal,
    ]);
    await e2e.driver.submit(USERS.checker, form, { [BLOCK.reason]: "Not this quarter" });
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*declined`, "i"));
  });

  it("a click on a stale Details is answered with a notice on top, not silence", async () => {
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    const story = await details(USERS.checker, number, "waiting");
    // Meanwhile the checker approves from the card in their DM.
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    const click = await e2e.driver.clickInModal(USERS.checker, story, {
      actionId: ACTION.approve,
    });
    expect(click.status).toBe(200);
    const notice = await topModal(USERS.checker, (view) => view.id !== story.id);
    expect(messageText(notice)).toContain(`#${number}`);
    expect(e2e.standIn.modalStack(USERS.checker)).toHaveLength(2);
  });

  it("the maker cancels from Details, then may send it again; a stranger gets no buttons", async () => {
    const number = await fileRequest(e2e);
    const strangers = await details(USERS.stranger, number, "all");
    expect(ids(strangers)).not.toContain(ACTION.approve);
    expect(ids(strangers)).not.toContain(ACTION.cancel);

    const story = await details(USERS.maker, number, "mine");
    expect(ids(story)).toContain(ACTION.cancel);
    expect(ids(story)).not.toContain(ACTION.approve);
    await e2e.driver.clickInModal(USERS.maker, story, { actionId: ACTION.cancel });
    const cancelled = await topModal(
      USERS.maker,
      (view) => view.id === story.id && ids(view).includes(ACTION.duplicate),
    );
    expect(messageText(cancelled)).toContain("Cancelled");
    expect(messageText(cancelled)).toContain("Send again");
    await e2e.driver.clickInModal(USERS.maker, cancelled, { actionId: ACTION.duplicate });
    const form = await topModal(USERS.maker, (view) => view.callback_id === CALLBACK.requestModal);
    expect(ids(form)).toContain("Double-charged during the outage");
  });

  it("the system's raw answer is shown to the maker, never to a stranger", async () => {
    const number = await fileRequest(e2e);
    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await e2e.dm(USERS.maker, new RegExp(`#${number}[\\s\\S]*is done`, "i"));
    const makers = messageText(await details(USERS.maker, number, "mine"));
    expect(makers).toContain("What the system answered");
    expect(makers).toContain('"done": true');
    expect(makers).toMatch(/Done/);
    const strangers = messageText(await details(USERS.stranger, number, "all"));
    expect(strangers).not.toContain('"done"');
    expect(strangers).not.toContain("4242");
    expect(strangers).toContain("shown to the maker and the checkers only");
  });
});
