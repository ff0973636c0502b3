import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import { safe, truncate } from "../../../src/slack/views/blocks.ts";
import { renderRequestDetails, statusLine } from "../../../src/slack/views/request-details.ts";
import {
  action,
  CHECKER,
  everyType,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  overLimits,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();

describe("renderRequestDetails", () => {
  it("shows who, what, where and why, with the params by label", () => {
    const text = visibleText(renderRequestDetails(request(), waiver, { reveal: true }));
    for (const expected of [
      "Billing waiver",
      "Production",
      "Acme Corp",
      `<@${MAKER}>`,
      `<@${CHECKER}>`,
      "Double-charged during the outage",
      "*Invoice ID*\\nin_123",
      "*Amount (USD)*\\n$250.00",
      "*Card last 4*\\n4242",
      "2026-03-02 14:00 UTC",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("masks sensitive values unless revealed", () => {
    const text = visibleText(renderRequestDetails(request(), waiver, { reveal: false }));
    expect(text).toContain(`*Card last 4*\\n${MASK}`);
    expect(text).not.toContain("4242");
    expect(text).toContain("in_123");
  });

  it("shows booleans as Yes/No and users as mentions", () => {
    const typed = action({ params: everyType });
    const blocks = renderRequestDetails(
      request({ params: { notify: false, owner: "U0OWNER", plan: "pro" } }),
      typed,
      { reveal: false },
    );
    const text = visibleText(blocks);
    expect(text).toContain("*Notify customer*\\nNo");
    expect(text).toContain("<@U0OWNER>");
    expect(text).toContain("*Plan*\\npro");
  });

  it("shows raw param names for a removed action, masked unless revealed", () => {
    const record = request({ actionId: "gone-action", params: { secret_key: "abc" } });
    const hidden = visibleText(renderRequestDetails(record, undefined, { reveal: false }));
    expect(hidden).toContain("gone-action");
    expect(hidden).toContain("no longer configured");
    expect(hidden).toContain(`*secret_key*\\n${MASK}`);
    const shown = visibleText(renderRequestDetails(record, undefined, { reveal: true }));
    expect(shown).toContain("*secret_key*\\nabc");
  });

  it("escapes user text so it cannot ping the channel", () => {
    const text = visibleText(
      renderRequestDetails(request({ purpose: "<!channel> & co" }), waiver, { reveal: true }),
    );
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).not.toContain("<!channel>");
  });

  it("cuts a 5000-character purpose to fit a section", () => {
    const blocks = renderRequestDetails(request({ purpose: "p".repeat(5000) }), waiver, {
      reveal: true,
    });
    expect(overLimits(blocks)).toEqual([]);
    expect(visibleText(blocks)).toContain("p…");
  });

  it("keeps 40 long params within the limits of a message", () => {
    const many = action({
      params: Array.from({ length: 40 }, (_, i) => ({
        name: `p${i}`,
        label: `Param ${i}`,
        type: i % 2 ? ("textarea" as const) : ("text" as const),
      })),
    });
    const params = Object.fromEntries(many.params.map((s) => [s.name, "v".repeat(2500)]));
    const blocks = renderRequestDetails(request({ params }), many, { reveal: true });
    expect(blocks.length).toBeLessThanOrEqual(25);
    expect(overLimits(blocks)).toEqual([]);
  });
});

describe("statusLine", () => {
  it("says what happened, who and when for every status", () => {
    expect(statusLine(inStatus.PENDING())).toBe(
      `:hourglass_flowing_sand: *Pending* — waiting for <@${CHECKER}>`,
    );
    expect(statusLine(inStatus.APPROVED())).toBe(
      `:thumbsup: *Approved* by <@${CHECKER}> <!date^1772460300^{date_short_pretty} at {time}|2026-03-02 14:05 UTC>`,
    );
    expect(statusLine(inStatus.EXECUTING())).toMatch(/^:gear: \*Running\*/);
    expect(statusLine(inStatus.FINISHED())).toMatch(
      /^:white_check_mark: \*Done\* <!date\^1772460360\^\{date_short_pretty\} at \{time\}\|2026-03-02 14:06 UTC>/,
    );
    expect(statusLine(inStatus.FAILED())).toMatch(/^:x: \*Failed\*/);
    expect(statusLine(inStatus.DECLINED())).toBe(
      `:no_entry: *Declined* by <@${CHECKER}> <!date^1772460300^{date_short_pretty} at {time}|2026-03-02 14:05 UTC>: Above the refund policy`,
    );
    expect(statusLine(inStatus.CANCELLED())).toMatch(/^:wastebasket: \*Cancelled\* by the maker/);
    expect(statusLine(inStatus.CANCELLED(), { forMaker: true })).toMatch(
      /^:wastebasket: \*You cancelled it\* <!date/,
    );
    expect(statusLine(inStatus.EXPIRED())).toMatch(/^:alarm_clock: \*Expired\*/);
  });

  it("counts approvals when several are needed", () => {
    const line = statusLine(
      request({
        approvalsRequired: 2,
        checkerIds: [CHECKER, OTHER_CHECKER],
        approvedBy: [CHECKER],
      }),
    );
    expect(line).toBe(
      `:hourglass_flowing_sand: *Pending* — 1 of 2 approvals (<@${CHECKER}>); waiting for <@${OTHER_CHECKER}>`,
    );
  });
});

describe("text helpers", () => {
  it("cut long text with an ellipsis, never inside an escape or an emoji", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
    expect(safe("a&b", 4)).toBe("a…");
    expect(safe("<b>", 100)).toBe("&lt;b&gt;");
  });
});
