import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.ts";
import type { CheckerChoices } from "../../../src/requests/request-service.ts";
import { checkerChoicesFor } from "../../../src/slack/listeners/checker-choices.ts";
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
