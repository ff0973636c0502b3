import type { InputBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { type EffectiveRule, ruleFor } from "../../../src/requests/rules.ts";
import { ACTION, BLOCK, INPUT } from "../../../src/slack/ids.ts";
import { checkersInput } from "../../../src/slack/views/checker-field.ts";
import {
  actionSelect,
  breakGlassInputs,
  chosenEnvironment,
  describeRule,
  environmentInput,
  purposeInput,
  teamInput,
} from "../../../src/slack/views/request-fields.ts";
import { action } from "./fixtures.ts";

const waiver = action();
const fields = (block: InputBlock) => block.element as unknown as Record<string, unknown>;

describe("actionSelect", () => {
  const other = action({ id: "other", title: "Other" });

  it("offers the actions, redraws the form on a choice, and shows the chosen one", () => {
    expect(actionSelect([waiver, other], other)).toMatchObject({
      block_id: BLOCK.action,
      dispatch_action: true,
      element: {
        type: "static_select",
        action_id: ACTION.chooseAction,
        options: [{ value: "billing-waiver" }, { value: "other" }],
        initial_option: { value: "other" },
      },
    });
  });

  it("puts a chosen action no longer on the list first (a duplicate of one since restricted)", () => {
    const select = actionSelect([waiver], other);
    expect(fields(select as InputBlock).options).toMatchObject([
      { value: "other" },
      { value: "billing-waiver" },
    ]);
  });

  it("is nothing without an action to offer", () => {
    expect(actionSelect([], undefined)).toBeUndefined();
  });
});

describe("chosenEnvironment", () => {
  it.each<[string, string[], string | undefined, string | undefined]>([
    ["free text: the prefill", [], "mars", "mars"],
    ["free text, no prefill: none", [], undefined, undefined],
    ["free text, empty prefill: none", [], "", undefined],
    ["the prefill when offered", ["production", "staging"], "staging", "staging"],
    ["not a prefill that is not offered", ["production", "staging"], "mars", undefined],
    ["the only one, whatever the prefill", ["production"], "mars", "production"],
    ["the only one without a prefill", ["production"], undefined, "production"],
    ["none of several without a prefill", ["production", "staging"], undefined, undefined],
  ])("%s", (_name, environments, prefill, chosen) => {
    expect(chosenEnvironment(environments, prefill)).toBe(chosen);
  });
});

describe("describeRule", () => {
  const rule = (changes: Partial<EffectiveRule> = {}): EffectiveRule => ({
    environment: "production",
    approvals: 1,
    checkers: [],
    staleAfterMs: null,
    expireAfterMs: null,
    warning: null,
    specific: false,
    ...changes,
  });

  it.each<[string, Partial<EffectiveRule>, boolean, string]>([
    ["the simplest rule", {}, false, "*In Production*: needs 1 approval · any checker but you"],
    [
      "several approvals and named checkers",
      { approvals: 2, checkers: ["U0A", "S0SRE"] },
      false,
      "*In Production*: needs 2 approvals from different people · checkers: <@U0A> or <!subteam^S0SRE>",
    ],
    [
      "an expiry",
      { expireAfterMs: 2 * 60 * 60_000 },
      false,
      "*In Production*: needs 1 approval · any checker but you · expires 2h after it is sent",
    ],
    [
      "break glass",
      {},
      true,
      "*In Production*: needs 1 approval · any checker but you · break glass allowed",
    ],
    [
      "a warning, on a line of its own",
      { warning: "Customers see this" },
      false,
      "*In Production*: needs 1 approval · any checker but you\n:warning: Customers see this",
    ],
  ])("%s", (_name, changes, breakGlass, text) => {
    expect(describeRule(action({ breakGlass }), rule(changes))).toBe(text);
  });
});

describe("environmentInput", () => {
  it("offers a free-text environment when none are configured", () => {
    expect(environmentInput(action(), [], "staging")).toMatchObject({
      block_id: BLOCK.environment,
      element: {
        type: "plain_text_input",
        action_id: INPUT,
        max_length: 100,
        initial_value: "staging",
      },
    });
    expect(environmentInput(action(), [], undefined).dispatch_action).toBeUndefined();
  });

  it.each<[string, string[], string | undefined, string | undefined]>([
    ["the prefill", ["production", "staging"], "staging", "staging"],
    ["the only one", ["production"], undefined, "production"],
    ["nothing it does not offer", ["production", "staging"], "mars", undefined],
  ])("a select that redraws the form, preselecting %s", (_name, environments, prefill, chosen) => {
    const select = environmentInput(action(), environments, prefill);
    expect(select).toMatchObject({ dispatch_action: true, element: { type: "static_select" } });
    expect((fields(select).initial_option as { value: string } | undefined)?.value).toBe(chosen);
  });

  it("shows each environment by its label, title-cased by default, and keeps the id as value", () => {
    const labelled = action({ rules: { production: { label: "Production (live customers)" } } });
    const select = environmentInput(labelled, ["production", "eu-staging"], "production");
    expect(fields(select).options).toMatchObject([
      { text: { text: "Production (live customers)" }, value: "production" },
      { text: { text: "Eu staging" }, value: "eu-staging" },
    ]);
    expect(describeRule(labelled, ruleFor(labelled, "production"))).toMatch(
      /^\*In Production \(live customers\)\*: /,
    );
  });
});

describe("teamInput and purposeInput", () => {
  it("cut a prefill to what the core accepts", () => {
    expect(fields(teamInput("t".repeat(500)))).toMatchObject({ max_length: 200 });
    expect((fields(teamInput("t".repeat(500))).initial_value as string).length).toBe(200);
    expect(fields(purposeInput("p".repeat(5000)))).toMatchObject({
      multiline: true,
      max_length: 3000,
    });
    expect((fields(purposeInput("p".repeat(5000))).initial_value as string).length).toBe(3000);
  });

  it("leave an empty prefill out", () => {
    expect(fields(teamInput(""))).not.toHaveProperty("initial_value");
    expect(fields(purposeInput(undefined))).not.toHaveProperty("initial_value");
  });
});

describe("checkersInput", () => {
  const picker = (
    definition: ReturnType<typeof action>,
    environment: string | null = "production",
    prefill: string[] = [],
    maxCheckers = 10,
  ) =>
    checkersInput(
      definition,
      environment === null ? undefined : ruleFor(definition, environment),
      prefill,
      maxCheckers,
    );

  it("asks for one checker, prefilled with the first user id", () => {
    const one = picker(waiver, "production", ["not-a-user", "U0A", "U0B"]);
    expect(one).toMatchObject({
      block_id: BLOCK.checkers,
      label: { text: "Checker" },
      element: { type: "users_select", initial_user: "U0A" },
      hint: { text: "Someone other than you." },
    });
    expect(one.optional).toBeUndefined();
  });

  it("asks for several checkers when the action needs several approvals", () => {
    const checkers = picker(action({ approvals: 2, checkers: ["U0A", "U0B", "S0LEADS"] }));
    expect(checkers.element.type).toBe("multi_users_select");
    expect(checkers.hint?.text).toBe(
      "Needs 2 approvals from different people. Only approved checkers for this action may be chosen.",
    );
  });

  it("before an environment is chosen, makes room for the strictest one", () => {
    const strict = action({ rules: { production: { approvals: 3 } } });
    expect(picker(strict, null)).toMatchObject({
      element: { type: "multi_users_select", max_selected_items: 10 },
      hint: { text: "Some environments need 3 approvals from different people." },
    });
    expect(picker(strict, "staging").element.type).toBe("users_select");
  });

  it.each<[number, number, number]>([
    [2, 10, 10],
    [2, 3, 3],
    [5, 3, 5],
  ])("with %i approvals and MAX_CHECKERS %i, lets the maker pick %i", (approvals, max, cap) => {
    expect(fields(picker(action({ approvals }), "production", [], max)).max_selected_items).toBe(
      cap,
    );
  });

  it("prefills distinct user ids, no more than may be sent", () => {
    const many = ["U0A", "U0B", "U0A", "U0C", "U0D"];
    expect(fields(picker(action({ approvals: 2 }), "production", many, 3)).initial_users).toEqual([
      "U0A",
      "U0B",
      "U0C",
    ]);
  });

  it("lets the maker name two break-glass reviewers when the action designates none", () => {
    const open = picker(action({ breakGlass: true }));
    expect(open.element.type).toBe("multi_users_select");
    expect(open.optional).toBe(true);
    expect(open.hint?.text).toBe(
      "Someone other than you. If you break the glass, name two people to review it (one is enough when an audit channel is set up).",
    );
    const designated = picker(action({ breakGlass: true, checkers: ["S0ONCALL"] }));
    expect(designated.element.type).toBe("users_select");
    expect(designated.optional).toBe(true);
    expect(designated.hint?.text).toBe(
      "Someone other than you. Only approved checkers for this action may be chosen. Not needed if you break the glass.",
    );
  });
});

describe("breakGlassInputs", () => {
  it("a box and a reason, both optional to Slack, unticked and empty", () => {
    const [box, reason] = breakGlassInputs(undefined) as [InputBlock, InputBlock];
    expect(box).toMatchObject({
      block_id: BLOCK.breakGlass,
      optional: true,
      element: { type: "checkboxes", options: [{ value: "break_glass" }] },
    });
    expect(fields(box)).not.toHaveProperty("initial_options");
    expect(reason).toMatchObject({
      block_id: BLOCK.breakGlassReason,
      optional: true,
      element: { type: "plain_text_input", multiline: true, max_length: 3000 },
    });
    expect(fields(reason)).not.toHaveProperty("initial_value");
  });

  it("shown again as submitted: ticked, with the reason", () => {
    const [box, reason] = breakGlassInputs({ reason: "Outage" }) as [InputBlock, InputBlock];
    expect(fields(box).initial_options).toMatchObject([{ value: "break_glass" }]);
    expect(fields(reason).initial_value).toBe("Outage");
    // Ticked with no reason yet: the box stays ticked, the reason empty.
    const [ticked, empty] = breakGlassInputs({ reason: "" }) as [InputBlock, InputBlock];
    expect(fields(ticked).initial_options).toHaveLength(1);
    expect(fields(empty)).not.toHaveProperty("initial_value");
  });
});
