import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { parseRequestForm } from "../../../src/slack/forms/request-form.ts";
import { BLOCK, paramBlockId } from "../../../src/slack/ids.ts";
import { checkersInput } from "../../../src/slack/views/checker-field.ts";
import { renderRequestModal } from "../../../src/slack/views/request-modal.ts";
import { validateView } from "../../support/slack/block-kit-rules.ts";
import { fillView } from "../../support/slack/fill-view.ts";
import { action, CHECKER, everyType, inStatus, OTHER_CHECKER } from "./fixtures.ts";

function input(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((b): b is InputBlock => b.block_id === blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
}

const element = (block: InputBlock) => block.element as unknown as Record<string, unknown>;

const people = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `U0P${String(i).padStart(4, "0")}`,
    name: `Person ${i} ${"with a very long name ".repeat(i % 7 === 0 ? 6 : 0)}`.trim(),
  }));

describe("the checker field", () => {
  const restricted = action({ checkers: ["S0SRE", CHECKER] });

  it("offers only the allowed people, by name, when they could be listed", () => {
    const field = checkersInput(restricted, undefined, [CHECKER], 10, [
      { id: CHECKER, name: "Dana Lee" },
      { id: OTHER_CHECKER, name: "Sam Ortiz" },
    ]);
    expect(field.label.text).toBe("Checker");
    expect(element(field)).toMatchObject({
      type: "static_select",
      options: [
        { text: { text: "Dana Lee" }, value: CHECKER },
        { text: { text: "Sam Ortiz" }, value: OTHER_CHECKER },
      ],
      initial_option: { value: CHECKER },
    });
    expect(field.hint?.text).toBe("Someone other than you. Only the approved checkers are listed.");
  });

  it("several approvals: a multi-select of them, capped at MAX_CHECKERS and the list", () => {
    const two = action({ checkers: ["S0SRE"], approvals: 2 });
    const field = checkersInput(two, undefined, [], 10, people(3));
    expect(element(field)).toMatchObject({ type: "multi_static_select", max_selected_items: 3 });
    expect(field.label.text).toBe("Checkers");
  });

  it("falls back to the workspace picker without a list, or with no allow-list", () => {
    expect(element(checkersInput(restricted, undefined, [], 10)).type).toBe("users_select");
    expect(checkersInput(restricted, undefined, [], 10).hint?.text).toContain(
      "Only approved checkers for this action may be chosen.",
    );
    // Anyone may approve: the list is not used even when given.
    expect(element(checkersInput(action(), undefined, [], 10, people(2))).type).toBe(
      "users_select",
    );
  });

  it("never preselects someone the list does not offer", () => {
    const field = checkersInput(restricted, undefined, ["U0GONE"], 10, people(2));
    expect(element(field).initial_option).toBeUndefined();
  });
});

describe("a checker chosen from the list", () => {
  it("is read back as the person's id", () => {
    const two = action({ checkers: ["S0SRE"], approvals: 2 });
    const view = renderRequestModal({
      actions: [two],
      selected: two,
      environments: ["production"],
      metadata: {},
      checkerChoices: [
        { id: CHECKER, name: "Dana Lee" },
        { id: OTHER_CHECKER, name: "Sam Ortiz" },
      ],
    });
    const values = fillView(view, { [BLOCK.checkers]: [CHECKER, OTHER_CHECKER] });
    expect(parseRequestForm({ ...view, state: { values } }, two).checkerIds).toEqual([
      CHECKER,
      OTHER_CHECKER,
    ]);
  });
});

describe("the request modal at its worst", () => {
  it("passes Block Kit validation with every field type, long labels, 100 allowed people and a duplicate's reason", () => {
    const crowded = action({
      id: "crowded",
      title: "T".repeat(200),
      description: "d".repeat(5000),
      checkers: ["S0BIG"],
      approvals: 2,
      breakGlass: true,
      rules: { production: { label: "P".repeat(75), warning: "w".repeat(500) } },
      params: [
        ...everyType.map((param) => ({ ...param, label: `${param.label} ${"l".repeat(3000)}` })),
        ...Array.from({ length: 120 }, (_, i) => ({
          name: `p${i}`,
          label: "L".repeat(3000),
          type: "text" as const,
          pattern: "^in_[A-Za-z0-9]+$",
          hint: i % 2 ? "h".repeat(3000) : undefined,
        })),
      ],
    });
    const declined = inStatus.DECLINED();
    const view = renderRequestModal({
      actions: [crowded],
      selected: crowded,
      environments: ["production"],
      prefill: { checkerIds: [CHECKER], purpose: "p".repeat(5000) },
      metadata: { channelId: "C0GENERAL1", duplicateOfId: declined.id },
      duplicateOfNumber: 123456789,
      original: { ...declined, decisionReason: "r".repeat(5000) },
      checkerChoices: people(100),
    });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    const field = input(view, BLOCK.checkers);
    expect(element(field).type).toBe("multi_static_select");
    expect(element(field).options).toHaveLength(100);
    expect(input(view, paramBlockId("p0")).hint?.text).toBe(
      "Starts with in_, then letters and digits",
    );
  });
});

describe("a duplicate says why it is sent again", () => {
  const waiver = action();
  const render = (original: ReturnType<typeof inStatus.DECLINED>) =>
    renderRequestModal({
      actions: [waiver],
      selected: waiver,
      environments: ["production"],
      metadata: { duplicateOfId: original.id },
      duplicateOfNumber: original.number,
      original,
    });
  const top = (view: ModalView) => JSON.stringify((view.blocks as KnownBlock[])[0]);

  it("a declined one: who declined it and their reason, above the form", () => {
    const view = render(inStatus.DECLINED());
    expect(view.blocks[0]?.type).toBe("context");
    expect(top(view)).toContain(
      `Sending #12 again. It was *declined* by <@${CHECKER}>: “Above the refund policy”`,
    );
  });

  it("a failed one: the headline of its failure, never the raw answer", () => {
    const failed = {
      ...inStatus.FAILED(),
      error: 'Webhook answered 500 Internal Server Error: {"trace":"at db.js:12"}',
    };
    const text = top(render(failed));
    expect(text).toContain("It *failed*: Webhook answered 500 Internal Server Error.");
    expect(text).not.toContain("trace");
  });

  it("an expired one says nobody decided in time", () => {
    expect(top(render(inStatus.EXPIRED()))).toContain("It *expired*: nobody decided in time.");
  });
});
