import { describe, expect, it } from "vitest";
import { createRequest } from "../../../src/requests/use-cases/create-request.ts";
import { slackStyleDirectory } from "../../support/slack-style-directory.ts";
import { slackSetup, useCaseSetup, waiver } from "./setup.ts";

// The checkers' rules are observed where a maker meets them: filing a request.
describe("checkersProblem and checkersRefusal", () => {
  it("enforce the checker allow-list, user groups included", async () => {
    const t = slackSetup();
    const restricted = { actionId: "restricted", params: {}, makerId: "U0ALLOWED" };
    const badChecker = await createRequest(
      t.ctx,
      waiver({ ...restricted, checkerIds: ["U0RANDOM"] }),
      null,
    );
    expect(badChecker).toMatchObject({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_NOT_ALLOWED",
        message:
          '<@U0RANDOM> may not check "Restricted" requests: checkers must be <@U0BOSS> or <!subteam^S0LEADS>.',
        fields: { checkers: "U0RANDOM may not approve this: choose U0BOSS or S0LEADS." },
      },
    });

    // With a directory that knows names, the form names people, never their ids.
    const named = slackSetup();
    const names: Record<string, string> = {
      U0RANDOM: "Rob Random",
      U0BOSS: "Dana Boss",
      S0LEADS: "@leads",
    };
    const directory = { ...named.ctx.directory, nameOf: async (id: string) => names[id] ?? null };
    const refused = await createRequest(
      { ...named.ctx, directory },
      waiver({ ...restricted, checkerIds: ["U0RANDOM"] }),
      null,
    );
    expect(refused.ok ? null : refused.refusal.fields?.checkers).toBe(
      "Rob Random may not approve this: choose Dana Boss or @leads.",
    );

    const viaGroup = await createRequest(
      t.ctx,
      waiver({ ...restricted, checkerIds: ["U0LEAD"] }),
      null,
    );
    expect(viaGroup.ok).toBe(true);
  });

  it("ask for as many checkers as the action needs approvals", async () => {
    const t = slackSetup();
    const result = await createRequest(
      t.ctx,
      waiver({ actionId: "delete-account", params: { account: "acme" }, checkerIds: ["U0A"] }),
      null,
    );
    expect(result).toMatchObject({
      ok: false,
      refusal: { fields: { checkers: expect.stringContaining("needs 2 approvals") } },
    });
  });

  it.each([
    ["U0BOT", "is a bot, and only a person can approve a request"],
    ["U0GONE", "is deactivated"],
    ["U0WHO", "is not a member of this workspace"],
  ])("refuse %s under the checker field, without an audit event", async (checker, why) => {
    const t = useCaseSetup({
      directory: slackStyleDirectory(
        { S0MAKERS: ["U0ALLOWED"] },
        { U0BOT: "bot", U0GONE: "deactivated", U0WHO: "unknown" },
      ),
    });
    const result = await createRequest(t.ctx, waiver({ checkerIds: [checker] }), null);
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: "REQUEST.CHECKER_UNAVAILABLE",
        message: `<@${checker}> ${why}: choose someone who can decide.`,
        // The form's error is plain text, where a mention would show as raw markup.
        fields: { checkers: `${checker} ${why}: choose someone who can decide.` },
      },
    });
    expect(t.store.events).toEqual([]);
  });
});
