import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { parseRequestMetadata } from "../../../src/slack/forms/request-form.ts";
import { ACTION, BLOCK, CALLBACK, paramBlockId } from "../../../src/slack/ids.ts";
import { renderRequestModal } from "../../../src/slack/views/request-modal.ts";
import { action, CHECKER, everyType } from "./fixtures.ts";

const waiver = action();
const typed = action({ id: "every-type", title: "Every type", params: everyType });

function inputs(view: ModalView): Map<string, InputBlock> {
  const found = view.blocks.filter((b): b is InputBlock => b.type === "input");
  return new Map(found.map((b) => [b.block_id ?? "", b]));
}

function input(view: ModalView, blockId: string): InputBlock {
  const block = inputs(view).get(blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
}

describe("renderRequestModal", () => {
  it("shows only the action select and a hint until an action is chosen", () => {
    const view = renderRequestModal({
      actions: [waiver, typed],
      environments: [],
      metadata: { channelId: "C1" },
    });
    expect(view).toMatchObject({
      type: "modal",
      callback_id: CALLBACK.requestModal,
      title: { text: "New request" },
      submit: { text: "Send for approval" },
      close: { text: "Cancel" },
    });
    expect([...inputs(view).keys()]).toEqual([BLOCK.action]);
    const select = input(view, BLOCK.action);
    expect(select.dispatch_action).toBe(true);
    expect(select.element).toMatchObject({
      type: "static_select",
      action_id: ACTION.chooseAction,
      options: [
        { text: { text: "Billing waiver" }, value: "billing-waiver" },
        { text: { text: "Every type" }, value: "every-type" },
      ],
    });
    expect(JSON.stringify(view.blocks)).toContain("its fields appear here");
    expect(parseRequestMetadata(view.private_metadata)).toEqual({ channelId: "C1" });
  });

  it("explains when no action is available, without a submit button", () => {
    const view = renderRequestModal({ actions: [], environments: [], metadata: {} });
    expect(view.submit).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("No actions are available to you");
  });

  it("shows the chosen action's fields, its description and the common inputs", () => {
    const view = renderRequestModal({
      actions: [waiver],
      selected: waiver,
      environments: ["production", "staging"],
      metadata: { channelId: "C1" },
    });
    expect([...inputs(view).keys()]).toEqual([
      BLOCK.action,
      BLOCK.environment,
      BLOCK.team,
      paramBlockId("invoice_id"),
      paramBlockId("amount"),
      paramBlockId("card_last4"),
      BLOCK.purpose,
      BLOCK.checkers,
    ]);
    expect(input(view, BLOCK.action).element).toMatchObject({
      initial_option: { value: "billing-waiver" },
    });
    expect(JSON.stringify(view.blocks)).toContain("Waive a customer's invoice");
    expect(input(view, paramBlockId("invoice_id"))).toMatchObject({
      label: { text: "Invoice ID" },
      element: { type: "plain_text_input", max_length: 40 },
    });
    expect(input(view, paramBlockId("invoice_id")).optional).toBeUndefined();
    expect(input(view, paramBlockId("amount")).optional).toBe(true);
    expect(input(view, BLOCK.purpose)).toMatchObject({
      hint: { text: "The checker decides on this: say why it is needed." },
      element: { multiline: true, max_length: 3000 },
    });
    expect(input(view, BLOCK.team).element).toMatchObject({ max_length: 200 });
    expect(input(view, BLOCK.checkers).element.type).toBe("users_select");
    expect(parseRequestMetadata(view.private_metadata)).toEqual({
      channelId: "C1",
      actionId: "billing-waiver",
    });
  });

  it("prefills a duplicate with the original's values", () => {
    const view = renderRequestModal({
      actions: [typed],
      selected: typed,
      environments: ["production", "staging"],
      prefill: {
        environment: "staging",
        team: "Acme",
        purpose: "Again",
        checkerIds: [CHECKER],
        params: {
          note: "hello",
          amount: 2.5,
          days: 7,
          notify: true,
          plan: "pro",
          owner: "U0OWNER",
          until: "2026-04-01",
          link: "https://example.com",
          contact: "a@example.com",
        },
      },
      metadata: { duplicateOfId: "orig" },
      duplicateOfNumber: 9,
    });
    expect(view.title.text).toBe("Send #9 again");
    const element = (id: string) => input(view, id).element as unknown as Record<string, unknown>;
    expect(element(BLOCK.environment).initial_option).toMatchObject({ value: "staging" });
    expect(element(BLOCK.team).initial_value).toBe("Acme");
    expect(element(BLOCK.purpose).initial_value).toBe("Again");
    expect(element(BLOCK.checkers).initial_user).toBe(CHECKER);
    expect(element(paramBlockId("note")).initial_value).toBe("hello");
    expect(element(paramBlockId("amount")).initial_value).toBe("2.5");
    expect(element(paramBlockId("days")).initial_value).toBe("7");
    expect(element(paramBlockId("notify")).initial_options).toHaveLength(1);
    expect(element(paramBlockId("plan")).initial_option).toMatchObject({ value: "pro" });
    expect(element(paramBlockId("owner")).initial_user).toBe("U0OWNER");
    expect(element(paramBlockId("until")).initial_date).toBe("2026-04-01");
    expect(element(paramBlockId("link")).initial_value).toBe("https://example.com");
    expect(element(paramBlockId("contact")).initial_value).toBe("a@example.com");
    expect(parseRequestMetadata(view.private_metadata)).toEqual({
      duplicateOfId: "orig",
      actionId: "every-type",
    });
  });

  it("never preselects a value the select does not offer", () => {
    const view = renderRequestModal({
      actions: [typed],
      selected: typed,
      environments: ["production", "staging"],
      prefill: { environment: "mars", params: { plan: "gold", until: "soon" } },
      metadata: {},
    });
    const element = (id: string) => input(view, id).element as unknown as Record<string, unknown>;
    expect(element(BLOCK.environment).initial_option).toBeUndefined();
    expect(element(paramBlockId("plan")).initial_option).toBeUndefined();
    expect(element(paramBlockId("until")).initial_date).toBeUndefined();
  });

  it("shows the environment's rule once an environment is chosen, and only then", () => {
    const render = (environments: string[], environment?: string) =>
      JSON.stringify(
        renderRequestModal({
          actions: [waiver],
          selected: waiver,
          environments,
          prefill: environment === undefined ? {} : { environment },
          metadata: {},
        }).blocks,
      );
    expect(render(["production", "staging"])).not.toContain("needs 1 approval");
    expect(render(["production", "staging"], "staging")).toContain(
      "*In Staging*: needs 1 approval",
    );
    expect(render(["production"])).toContain("*In Production*: needs 1 approval");
    expect(render([], "mars")).toContain("*In Mars*: needs 1 approval");
  });

  it("ends with the break-glass inputs when the action allows it, prefilled as submitted", () => {
    const glass = action({ breakGlass: true });
    const view = renderRequestModal({
      actions: [glass],
      selected: glass,
      environments: ["production"],
      prefill: { breakGlass: { reason: "Outage" } },
      metadata: {},
    });
    expect([...inputs(view).keys()].slice(-3)).toEqual([
      BLOCK.checkers,
      BLOCK.breakGlass,
      BLOCK.breakGlassReason,
    ]);
    expect(input(view, BLOCK.breakGlassReason).element).toMatchObject({ initial_value: "Outage" });
    expect(
      inputs(
        renderRequestModal({ actions: [waiver], selected: waiver, environments: [], metadata: {} }),
      ).has(BLOCK.breakGlass),
    ).toBe(false);
  });

  it("caps the checkers at MAX_CHECKERS, 10 unless told", () => {
    const strict = action({ approvals: 2 });
    const picker = (maxCheckers?: number) =>
      input(
        renderRequestModal({
          actions: [strict],
          selected: strict,
          environments: ["production"],
          metadata: {},
          ...(maxCheckers === undefined ? {} : { maxCheckers }),
        }),
        BLOCK.checkers,
      ).element;
    expect(picker()).toMatchObject({ max_selected_items: 10 });
    expect(picker(3)).toMatchObject({ max_selected_items: 3 });
  });

  it.each([
    [false, 93],
    [true, 91],
  ])(
    "with break glass %s, shows the first %i of 120 params: room for the other blocks",
    (breakGlass, shown) => {
      const crowded = action({
        breakGlass,
        params: Array.from({ length: 120 }, (_, i) => ({
          name: `p${i}`,
          label: `P${i}`,
          type: "text" as const,
        })),
      });
      const view = renderRequestModal({
        actions: [crowded],
        selected: crowded,
        environments: ["production"],
        metadata: {},
      });
      const params = [...inputs(view).keys()].filter((id) => id.startsWith(paramBlockId("")));
      expect(params).toHaveLength(shown);
      expect(params.at(-1)).toBe(paramBlockId(`p${shown - 1}`));
      expect(view.blocks).toHaveLength(100);
    },
  );

  it("stays within Slack's limits with 40 params and long texts", () => {
    const many = action({
      id: "many",
      title: "x".repeat(80),
      description: "d".repeat(5000),
      params: Array.from({ length: 40 }, (_, i) => ({
        name: `p${i}`,
        label: "L".repeat(3000),
        type: "select" as const,
        options: Array.from(
          { length: 120 },
          (_, j) => `option-${j}-${"o".repeat(j % 2 ? 90 : 160)}`,
        ),
      })),
    });
    const view = renderRequestModal({
      actions: [many],
      selected: many,
      environments: ["production"],
      prefill: { purpose: "p".repeat(5000), team: "t".repeat(500) },
      metadata: {},
      duplicateOfNumber: 123456789,
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(3000);
    const problems: string[] = [];
    for (const block of view.blocks as KnownBlock[]) {
      if (block.type !== "input") continue;
      if (block.label.text.length > 2000) problems.push(`${block.block_id} label`);
      const element = block.element as unknown as Record<string, unknown>;
      const options = (element.options ?? []) as { text: { text: string }; value: string }[];
      if (options.length > 100) problems.push(`${block.block_id} options`);
      if (options.some((o) => o.text.text.length > 75 || o.value.length > 150)) {
        problems.push(`${block.block_id} option text`);
      }
      const initial = element.initial_value;
      if (typeof initial === "string" && initial.length > Number(element.max_length ?? 3000)) {
        problems.push(`${block.block_id} initial value`);
      }
    }
    expect(problems).toEqual([]);
  });
});
