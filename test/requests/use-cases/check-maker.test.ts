import { describe, expect, it } from "vitest";
import { requestableActions, whyNotMaker } from "../../../src/requests/use-cases/check-maker.ts";
import { MAKER, slackSetup } from "./setup.ts";

describe("requestableActions", () => {
  it("leaves out actions whose maker allow-list does not admit them", async () => {
    const t = slackSetup();
    const ids = async (user: string) =>
      (await requestableActions(t.ctx, user)).map((action) => action.id);
    expect(await ids(MAKER)).toEqual(["waive-invoice", "delete-account"]);
    expect(await ids("U0ALLOWED")).toEqual(["waive-invoice", "delete-account", "restricted"]);
  });
});

describe("whyNotMaker", () => {
  it("says who may request an action to anyone outside its maker allow-list, nothing to others", async () => {
    const t = slackSetup();
    const action = (id: string) => t.ctx.actions.get(id) ?? expect.unreachable(`no action ${id}`);
    expect(await whyNotMaker(t.ctx, action("restricted"), MAKER)).toBe(
      'You are not allowed to request "Restricted": only <!subteam^S0MAKERS> may.',
    );
    expect(await whyNotMaker(t.ctx, action("restricted"), "U0ALLOWED")).toBeNull();
    // No allow-list: anyone may.
    expect(await whyNotMaker(t.ctx, action("waive-invoice"), MAKER)).toBeNull();
  });
});
