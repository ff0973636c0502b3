import { describe, expect, it } from "vitest";
import { defineAction } from "../../../src/factory/define-action.ts";
import { type Directory, staticDirectory } from "../../../src/requests/directory.ts";
import { listCheckerChoices } from "../../../src/requests/use-cases/list-checker-choices.ts";
import { MAKER, useCaseSetup } from "./setup.ts";

const execute = async () => ({ ok: true as const, result: null });
const restricted = defineAction({
  id: "restricted",
  title: "Restricted",
  checkers: ["U0BOSS", "S0LEADS"],
  rules: { staging: { checkers: ["U0TEST"] } },
  environments: ["production", "staging"],
  execute,
});
const open = defineAction({ id: "open-one", title: "Open", execute });

const names: Record<string, string> = { U0BOSS: "Zoe Boss", U0LEAD: "Ann Lead", U0TEST: "Tim" };

function named(groups: Record<string, readonly string[]>): Directory {
  return { ...staticDirectory(groups), nameOf: async (id) => names[id] ?? null };
}

describe("listCheckerChoices", () => {
  it("lists the allowed people by name, groups expanded, the maker left out", async () => {
    const { ctx } = useCaseSetup({
      directory: named({ S0LEADS: ["U0LEAD", MAKER, "U0BOSS"] }),
    });
    expect(await listCheckerChoices(ctx, restricted, "production", MAKER, 100)).toEqual({
      kind: "listed",
      people: [
        { id: "U0LEAD", name: "Ann Lead" },
        { id: "U0BOSS", name: "Zoe Boss" },
      ],
      more: false,
    });
  });

  it("follows the environment's own allow-list", async () => {
    const { ctx } = useCaseSetup({ directory: named({}) });
    expect(await listCheckerChoices(ctx, restricted, "staging", MAKER, 100)).toMatchObject({
      people: [{ id: "U0TEST", name: "Tim" }],
    });
    // Before the environment is chosen the lists differ, so the workspace is offered.
    expect(await listCheckerChoices(ctx, restricted, undefined, MAKER, 100)).toEqual({
      kind: "anyone",
    });
  });

  it("offers anyone when there is no allow-list", async () => {
    const { ctx } = useCaseSetup();
    expect(await listCheckerChoices(ctx, open, "production", MAKER, 100)).toEqual({
      kind: "anyone",
    });
  });

  it("caps the list and says there were more", async () => {
    const many = Array.from({ length: 150 }, (_, i) => `U0M${i}`);
    const { ctx } = useCaseSetup({ directory: named({ S0LEADS: many }) });
    const choices = await listCheckerChoices(ctx, restricted, "production", MAKER, 100);
    expect(choices).toMatchObject({ kind: "listed", more: true });
    expect(choices.kind === "listed" && choices.people).toHaveLength(100);
  });

  it("throws when a group cannot be read, so the form falls back to the picker", async () => {
    const directory: Directory = {
      ...named({}),
      isGroup: (id) => id.startsWith("S"),
      membersOf: async () => {
        throw new Error("ratelimited");
      },
    };
    const { ctx } = useCaseSetup({ directory });
    await expect(listCheckerChoices(ctx, restricted, "production", MAKER, 100)).rejects.toThrow(
      "ratelimited",
    );
  });
});
