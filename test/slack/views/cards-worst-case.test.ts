import type { AnyBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { renderAuditLine } from "../../../src/slack/views/audit-line.ts";
import { renderBreakGlassAlert } from "../../../src/slack/views/break-glass-alert.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { renderEscalationMessage } from "../../../src/slack/views/escalation-message.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import { action, inStatus, overLimits, request, visibleText } from "./fixtures.ts";

/** Every screen about a request at its worst: 40 params, long values, ten checkers, secrets. */
const SECRET = "s3cr3t-value";
const heavy = action({
  summary: "waive {amount} on {p1} for {p0} ({p7})",
  params: [
    { name: "amount", label: "Amount", type: "number", currency: "USD" },
    ...Array.from({ length: 39 }, (_, i) => ({
      name: `p${i}`,
      label: `Param ${i} ${"l".repeat(150)}`,
      type: i % 4 === 3 ? ("textarea" as const) : ("text" as const),
      required: i < 10,
      sensitive: i % 7 === 0,
      warning: i < 12 ? `Warning ${i} ${"w".repeat(300)}` : undefined,
    })),
  ],
});
const params = Object.fromEntries(
  heavy.params.map((s) => [
    s.name,
    s.name === "amount" ? 1_234_567.891 : s.sensitive ? SECRET : "v".repeat(2900),
  ]),
);
const checkers = Array.from({ length: 10 }, (_, i) => `U0CHECK${i}`);
const base = request({
  params,
  purpose: `${"p".repeat(4000)} ${SECRET}`,
  team: `${"t".repeat(400)}`,
  checkerIds: checkers,
  approvalsRequired: 3,
  approvedBy: ["U0CHECK0"],
  remindersSent: 3,
  lastRemindedAt: new Date("2026-03-02T20:00:00.000Z"),
  escalatedAt: new Date("2026-03-03T00:00:00.000Z"),
  escalatedTo: Array.from({ length: 15 }, (_, i) => `C0CHAN${i}`),
});
const states: [string, RequestRecord][] = [
  ["pending", base],
  [
    "failed",
    {
      ...inStatus.FAILED(),
      ...base,
      status: "FAILED",
      error: `Webhook answered 500: ${SECRET}${"e".repeat(3000)}`,
      result: { status: 500, body: SECRET },
    },
  ],
  [
    "done",
    { ...inStatus.FINISHED(), ...base, status: "FINISHED", result: { body: SECRET.repeat(500) } },
  ],
  [
    "declined",
    {
      ...inStatus.DECLINED(),
      ...base,
      status: "DECLINED",
      decisionReason: `${SECRET} ${"r".repeat(3000)}`,
    },
  ],
];

function check(blocks: readonly AnyBlock[], text: string) {
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(overLimits(blocks)).toEqual([]);
  expect(validateBlocks(blocks, "message")).toEqual([]);
  expect(text.length).toBeLessThanOrEqual(300);
  expect(text).not.toContain("<!date");
}

describe("every card at its worst", () => {
  it.each(states)("fits and validates when %s", (_, record) => {
    const resendOf = {
      number: 7,
      status: "DECLINED" as const,
      reason: `${SECRET} ${"x".repeat(500)}`,
    };
    const checker = renderCheckerMessage({
      request: record,
      action: heavy,
      checkerId: "U0CHECK5",
      resendOf,
    });
    check(checker.blocks, checker.text);
    const maker = renderMakerMessage({
      request: record,
      action: heavy,
      resendOf,
      deliveryDelayed: true,
    });
    check(maker.blocks, maker.text);
    const escalation = renderEscalationMessage({ request: record, action: heavy });
    check(escalation.blocks, escalation.text);
    const glass = { ...record, breakGlassReason: `${SECRET} ${"g".repeat(3000)}` };
    for (const reveal of [true, false]) {
      const alert = renderBreakGlassAlert({ request: glass, action: heavy, reveal });
      check(alert.blocks, alert.text);
    }
    // Only the maker's and the checkers' own copies reveal; the rest mask, even in a sentence.
    for (const shown of [
      maker,
      escalation,
      renderBreakGlassAlert({ request: glass, action: heavy, reveal: false }),
    ]) {
      expect(`${shown.text}${JSON.stringify(shown.blocks)}`).not.toContain(SECRET);
    }
    expect(renderAuditLine(record, heavy).text).not.toContain(SECRET);
    expect(visibleText(checker.blocks)).toContain(SECRET);
  });

  it("puts the summary first, money formatted, masked for the maker", () => {
    const checker = renderCheckerMessage({ request: base, action: heavy, checkerId: "U0CHECK5" });
    const first = JSON.stringify(checker.blocks[1]);
    expect(first).toContain("asks you to approve *waive $1,234,567.89 on ");
    const maker = renderMakerMessage({ request: base, action: heavy });
    expect(JSON.stringify(maker.blocks[1])).toContain(`for ${MASK} (${MASK})*`);
  });
});
