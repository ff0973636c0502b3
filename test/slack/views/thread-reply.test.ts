import { describe, expect, it } from "vitest";
import { ACTION } from "../../../src/slack/ids.ts";
import { renderOutcomeReply, renderReminderReply } from "../../../src/slack/views/thread-reply.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import { action, CHECKER, inStatus, MAKER, REQUEST_ID } from "./fixtures.ts";

const waiver = action();
const HOUR = 3_600_000;

/** The action ids and values of a reply's buttons. */
function buttons(blocks: readonly unknown[]) {
  return blocks.flatMap((block) => {
    const { type, elements } = block as { type: string; elements?: unknown[] };
    if (type !== "actions") return [];
    return (elements ?? []).map((element) => {
      const { action_id, value, text } = element as {
        action_id: string;
        value: string;
        text: { text: string };
      };
      return { action_id, value, text: text.text };
    });
  });
}

describe("renderOutcomeReply", () => {
  it("tells the maker how the request ended, naming it, so it reads on its own too", () => {
    expect(renderOutcomeReply(inStatus.FINISHED(), waiver).text).toMatch(
      /^:white_check_mark: #12 Billing waiver is done: .*in_123/,
    );
    expect(renderOutcomeReply(inStatus.FAILED(), waiver).text).toBe(
      ":x: #12 Billing waiver failed: Billing answered 503.",
    );
    expect(renderOutcomeReply(inStatus.DECLINED(), waiver).text).toBe(
      `:no_entry: #12 Billing waiver was declined by <@${CHECKER}>: Above the refund policy`,
    );
    expect(renderOutcomeReply(inStatus.EXPIRED(), waiver).text).toBe(
      ":alarm_clock: #12 Billing waiver expired: no checker decided in time",
    );
  });

  it("offers Send again (Duplicate) when it ended without running, and not once done", () => {
    for (const ended of [inStatus.FAILED(), inStatus.DECLINED(), inStatus.EXPIRED()]) {
      const reply = renderOutcomeReply(ended, waiver);
      expect(buttons(reply.blocks)).toEqual([
        { action_id: ACTION.duplicate, value: REQUEST_ID, text: "Send again" },
      ]);
      expect(validateBlocks(reply.blocks, "message")).toEqual([]);
    }
    const done = renderOutcomeReply(inStatus.FINISHED(), waiver);
    expect(buttons(done.blocks)).toEqual([]);
    expect(validateBlocks(done.blocks, "message")).toEqual([]);
  });

  it("keeps the notification short but the message complete", () => {
    const long = { ...inStatus.DECLINED(), decisionReason: "r".repeat(5000) };
    const reply = renderOutcomeReply(long, waiver);
    expect(reply.text.length).toBeLessThanOrEqual(300);
    const section = reply.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text.length).toBeGreaterThan(2000);
    expect(validateBlocks(reply.blocks, "message")).toEqual([]);
  });
});

describe("renderReminderReply", () => {
  const pending = inStatus.PENDING();
  const later = (ms: number) => new Date(pending.createdAt.getTime() + ms);

  it("nudges the checker on the maker's behalf, saying how long it has waited", () => {
    const reply = renderReminderReply(pending, waiver, { nudgedBy: MAKER }, later(25 * 60_000));
    expect(reply.text).toBe(
      `:wave: <@${MAKER}> is waiting for your decision on #12 Billing waiver (Acme Corp, Production); it has waited 25 min.`,
    );
  });

  it("counts the bot's reminders and says how long the request has waited", () => {
    const reply = renderReminderReply(pending, waiver, { reminder: 2, of: 3 }, later(8 * HOUR));
    expect(reply.text).toBe(
      ":bell: Reminder 2 of 3: #12 Billing waiver (Acme Corp, Production) has waited 8 h for your decision.",
    );
  });

  it("carries the card's own Approve and Decline, so the checker decides right there", () => {
    const reply = renderReminderReply(pending, waiver, { reminder: 1, of: 3 }, later(4 * HOUR));
    expect(buttons(reply.blocks)).toEqual([
      { action_id: ACTION.approve, value: REQUEST_ID, text: "Approve" },
      { action_id: ACTION.decline, value: REQUEST_ID, text: "Decline" },
    ]);
    expect(validateBlocks(reply.blocks, "message")).toEqual([]);
  });
});
