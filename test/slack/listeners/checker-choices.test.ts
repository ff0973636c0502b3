import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.ts";
import type { CheckerChoices } from "../../../src/requests/request-service.ts";
import {
  checkerChoicesFor,
  openRequestForm,
} from "../../../src/slack/listeners/checker-choices.ts";
import { fakeSlackDeps } from "../../support/slack-deps.ts";

const base = fakeSlackDeps();
const action = base.actions.get("restricted");

/** The listener's dependencies with the core's answer replaced by `answer`. */
function depsAnswering(answer: () => Promise<CheckerChoices>) {
  const warnings: string[] = [];
  const requests = {
    environmentsFor: (a: Parameters<typeof base.requests.environmentsFor>[0]) =>
      base.requests.environmentsFor(a),
    checkerChoices: answer,
  } as unknown as typeof base.requests;
  return {
    deps: { requests, logger: { ...silentLogger, warn: (m: string) => warnings.push(m) } },
    warnings,
  };
}

const dana = { id: "U0DANA", name: "Dana Lee" };

describe("checkerChoicesFor", () => {
  it("lists the allowed people the core names", async () => {
    const { deps } = depsAnswering(async () => ({ kind: "listed", people: [dana], more: false }));
    expect(await checkerChoicesFor(deps, action, "production", "U0MAKER")).toEqual([dana]);
  });

  it.each<[string, () => Promise<CheckerChoices>]>([
    ["no allow-list", async () => ({ kind: "anyone" })],
    ["more than a select holds", async () => ({ kind: "listed", people: [dana], more: true })],
    ["a lookup that never ends", () => new Promise<never>(() => {})],
  ])("falls back to the people picker for %s", async (_name, answer) => {
    const { deps } = depsAnswering(answer);
    expect(await checkerChoicesFor(deps, action, "production", "U0MAKER", 20)).toBeUndefined();
  });

  it("falls back, with a warning, when a group cannot be read", async () => {
    const { deps, warnings } = depsAnswering(async () => {
      throw new Error("usergroups.users.list: ratelimited");
    });
    expect(await checkerChoicesFor(deps, action, "production", "U0MAKER")).toBeUndefined();
    expect(warnings.join()).toContain("ratelimited");
  });

  it("asks nothing before an action is chosen", async () => {
    const { deps } = depsAnswering(async () => {
      throw new Error("not asked");
    });
    expect(await checkerChoicesFor(deps, undefined, undefined, "U0MAKER")).toBeUndefined();
  });
});

describe("openRequestForm", () => {
  /** A client that records what it was asked to show. */
  function fakeClient() {
    const shown: { call: string; choices: unknown }[] = [];
    const client = {
      views: {
        open: async (args: { view: { private_metadata: string } }) => {
          shown.push({ call: "open", choices: JSON.parse(args.view.private_metadata) });
          return { view: { id: "V1", hash: "h1" } };
        },
        update: async (args: {
          view_id: string;
          hash: string;
          view: { private_metadata: string };
        }) => {
          shown.push({
            call: `update ${args.view_id} ${args.hash}`,
            choices: JSON.parse(args.view.private_metadata),
          });
          return {};
        },
      },
    };
    return { client: client as never, shown };
  }
  const render = (choices: readonly { id: string }[] | undefined) =>
    ({ private_metadata: JSON.stringify(choices?.map((c) => c.id) ?? null) }) as never;
  const lookup = { action, environment: "production", makerId: "U0MAKER" };

  it("opens with the allowed checkers when they are known at once", async () => {
    const { deps } = depsAnswering(async () => ({ kind: "listed", people: [dana], more: false }));
    const { client, shown } = fakeClient();
    await openRequestForm(deps, client, "T1", lookup, render);
    expect(shown).toEqual([{ call: "open", choices: ["U0DANA"] }]);
  });

  it("opens at once with the picker, then redraws the form when the list arrives", async () => {
    const { deps } = depsAnswering(
      () =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ kind: "listed", people: [dana], more: false }), 600),
        ),
    );
    const { client, shown } = fakeClient();
    await openRequestForm(deps, client, "T1", lookup, render);
    expect(shown).toEqual([
      { call: "open", choices: null },
      { call: "update V1 h1", choices: ["U0DANA"] },
    ]);
  });
});
