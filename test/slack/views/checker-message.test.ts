import type { AnyBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { ACTION, BLOCK } from "../../../src/slack/ids.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  buttonActionIds,
  CHECKER,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  overLimits,
  REQUEST_ID,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();
const templated = action({ summary: "waive {amount} on {invoice_id}" });

/** The mrkdwn (or plain) text of each block, in order, as one-line tags. */
function texts(blocks: readonly AnyBlock[]): string[] {
  return blocks.map((block) => {
    const b = block as { type: string; text?: { text: string }; elements?: { text?: unknown }[] };
    if (b.type === "context") return `context: ${(b.elements?.[0]?.text as string) ?? ""}`;
    if (b.type === "actions") return "buttons";
    return `${b.type}: ${b.text?.text ?? "(fields)"}`;
  });
}

describe("renderCheckerMessage", () => {
  it("opens with who asks for what, the params in the sentence, then why, then the buttons", () => {
    const { text, blocks } = renderCheckerMessage({
      request: request({ params: { invoice_id: "in_123", amount: 1250, card_last4: "4242" } }),
      action: templated,
      checkerId: CHECKER,
      expiresAt: new Date("2026-03-02T15:00:00.000Z"),
      resendOf: { number: 7, status: "DECLINED", reason: "Wrong\ninvoice <!here>" },
    });
    expect(text).toBe(
      `<@${MAKER}> asks you to approve waive $1,250.00 on in_123 for Acme Corp in Production (#12)`,
    );
    expect(text).not.toContain("<!date");
    expect(texts(blocks).slice(0, 5)).toEqual([
      "header: Request #12: Billing waiver",
      `section: <@${MAKER}> asks you to approve *waive $1,250.00 on in_123* for Acme Corp in Production.`,
      "section: *Purpose*\nDouble-charged during the outage",
      "buttons",
      "context: #12 · expires <!date^1772463600^{date_short_pretty} at {time}|2026-03-02 15:00 UTC> · resend of #7, declined: “Wrong invoice &lt;!here&gt;”",
    ]);
    // The params the sentence names are not repeated below; the others are, in full.
    expect(texts(blocks).slice(5)).toEqual(["section: (fields)"]);
    expect(visibleText(blocks.slice(5))).toContain("*Card last 4*\\n4242");
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("confirms Approve with the summary and the environment", () => {
    const { blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: templated,
      checkerId: CHECKER,
    });
    const decision = blocks.find((b) => b.block_id === BLOCK.decision);
    expect(decision).toMatchObject({
      type: "actions",
      elements: [
        {
          action_id: ACTION.approve,
          style: "primary",
          value: REQUEST_ID,
          confirm: {
            title: { text: "Approve #12?" },
            text: {
              text: "Approve waive $250.00 on in_123 for Acme Corp in Production? It runs as soon as you approve.",
            },
          },
        },
        { action_id: ACTION.decline, style: "danger", value: REQUEST_ID },
      ],
    });
  });

  it("without a summary, names the action and its first short params", () => {
    const { text, blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(texts(blocks)[1]).toBe(
      `section: <@${MAKER}> asks you to approve *Billing waiver: invoice ID in_123, amount $250.00* for Acme Corp in Production.`,
    );
    expect(text).toContain("Billing waiver: invoice ID in_123, amount $250.00");
  });

  it("shows sensitive values in full on the card, the sentence too, but not on the lock screen", () => {
    const { blocks, text } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: action({ summary: "charge card {card_last4}" }),
      checkerId: CHECKER,
    });
    expect(text).toContain(`charge card ${MASK}`);
    expect(text).not.toContain("4242");
    expect(texts(blocks)[1]).toContain("*charge card 4242*");
  });

  it.each([
    "APPROVED",
    "EXECUTING",
    "FINISHED",
    "FAILED",
    "DECLINED",
    "CANCELLED",
    "EXPIRED",
  ] as const)("drops the buttons once the request is %s", (status) => {
    const { text, blocks } = renderCheckerMessage({
      request: inStatus[status](),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(buttonActionIds(blocks)).toEqual([]);
    expect(text).toContain("#12 Billing waiver");
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("says who decided, and what happened in a sentence, never the raw answer", () => {
    const declined = renderCheckerMessage({
      request: inStatus.DECLINED(),
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(declined.blocks)).toContain(
      `:no_entry: *Declined* by <@${CHECKER}> <!date^1772460300^{date_short_pretty} at {time}|2026-03-02 14:05 UTC>: Above the refund policy`,
    );
    expect(visibleText(declined.blocks)).toContain("#12 · decided after 5 min");
    const finished = renderCheckerMessage({
      request: inStatus.FINISHED(),
      action: templated,
      checkerId: CHECKER,
    });
    expect(visibleText(finished.blocks)).toContain("Done: waive $250.00 on in_123.");
    expect(visibleText(finished.blocks)).not.toContain("*Result*");
    const failed = renderCheckerMessage({
      request: { ...inStatus.FAILED(), error: "e".repeat(10_000) },
      action: waiver,
      checkerId: CHECKER,
    });
    expect(visibleText(failed.blocks)).not.toContain("*Error*");
    expect(overLimits(failed.blocks)).toEqual([]);
  });

  it("keeps the buttons for a checker who has not approved yet, not for one who has", () => {
    const halfway = request({
      approvalsRequired: 2,
      checkerIds: [CHECKER, OTHER_CHECKER],
      approvedBy: [CHECKER],
    });
    const done = renderCheckerMessage({ request: halfway, action: waiver, checkerId: CHECKER });
    expect(buttonActionIds(done.blocks)).toEqual([]);
    expect(visibleText(done.blocks)).toContain("1 of 2 approvals");
    const other = renderCheckerMessage({
      request: halfway,
      action: waiver,
      checkerId: OTHER_CHECKER,
    });
    expect(buttonActionIds(other.blocks)).toEqual([ACTION.approve, ACTION.decline]);
    const decision = other.blocks.find((b) => b.block_id === BLOCK.decision);
    expect(JSON.stringify(decision)).toContain("It runs as soon as you approve.");
  });

  it("says when it expires from the action's own expiry when none is given", () => {
    const { blocks } = renderCheckerMessage({
      request: inStatus.PENDING(),
      action: action({ expireAfter: "2h" }),
      checkerId: CHECKER,
    });
    expect(texts(blocks)).toContain(
      "context: #12 · expires <!date^1772467200^{date_short_pretty} at {time}|2026-03-02 16:00 UTC>",
    );
  });

  it("keeps the buttons near the top and within a message's limits at its worst", () => {
    const many = action({
      params: Array.from({ length: 40 }, (_, i) => ({
        name: `p${i}`,
        label: `Param ${i} ${"l".repeat(100)}`,
        type: i % 3 ? ("text" as const) : ("textarea" as const),
        required: i < 5,
        sensitive: i % 7 === 0,
        warning: i < 8 ? `Warning ${i} ${"w".repeat(400)}` : undefined,
      })),
      rules: { production: { warning: "Live customers" } },
    });
    const params = Object.fromEntries(many.params.map((s) => [s.name, "v".repeat(2900)]));
    const checkers = Array.from({ length: 10 }, (_, i) => `U0CHECK${i}`);
    const { text, blocks } = renderCheckerMessage({
      request: request({
        params,
        purpose: "p".repeat(5000),
        team: "t".repeat(500),
        checkerIds: checkers,
        approvalsRequired: 3,
      }),
      action: many,
      checkerId: "U0CHECK3",
      resendOf: {
        number: 7,
        status: "FAILED",
        reason: `Webhook answered 500: ${"x".repeat(3000)}`,
      },
    });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(overLimits(blocks)).toEqual([]);
    expect(validateBlocks(blocks, "message")).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(300);
    const buttonsAt = blocks.findIndex((b) => b.block_id === BLOCK.decision);
    // Header, ask, purpose, the nine warnings (two sections: 4,000 characters), where it stands.
    expect(buttonsAt).toBe(6);
    expect(texts(blocks)[buttonsAt + 1]).toMatch(
      /^context: #12 · resend of #7, failed: “Webhook answered 500”/,
    );
  });
});
