import { describe, expect, it } from "vitest";
import { codeText, literalMrkdwn } from "../../../src/slack/views/user-text.ts";
import { formattedSpans } from "../../support/slack/mrkdwn-format.ts";

describe("literalMrkdwn", () => {
  it("cannot make bold, italic, struck or code text", () => {
    for (const written of [
      "*Pre-approved by finance*",
      "Note: _urgent_ and ~never mind~ and `code`",
      "(*Approved*)",
      "**double**",
    ]) {
      expect(formattedSpans(written)).not.toEqual([]);
      expect(formattedSpans(literalMrkdwn(written))).toEqual([]);
    }
    expect(literalMrkdwn("*Pre-approved by finance*")).toBe("∗Pre-approved by finance∗");
  });

  it("leaves markers inside words, where Slack formats nothing, exactly as written", () => {
    expect(literalMrkdwn("in_123 card_last4 a*b 2~3")).toBe("in_123 card_last4 a*b 2~3");
  });

  it("escapes markup and keeps emoji codes as text", () => {
    expect(literalMrkdwn("<!channel> & <@U123|boss>")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U123|boss&gt;",
    );
    expect(literalMrkdwn(":white_check_mark: Approved")).toBe("∶white_check_mark: Approved");
    expect(literalMrkdwn("at 14:05:30 UTC, ratio 3:1")).toBe("at 14:05:30 UTC, ratio 3:1");
  });

  it("removes bidi controls, so a reversed amount cannot pass for another", () => {
    const reversed =
      "Refund \u202E0001\u202C USD \u2066x\u2069 \u200E\u200F\u061C\u202A\u202B\u202D\u2067\u2068";
    expect(literalMrkdwn(reversed)).toBe("Refund 0001 USD x ");
  });
});

describe("codeText", () => {
  it("keeps text as it is inside a code block, but a backtick cannot close it", () => {
    const body = '{"note":"```*Approved*```","_id":"a_b"} <!here> \u202Ex';
    expect(codeText(body)).toBe('{"note":"ˋˋˋ*Approved*ˋˋˋ","_id":"a_b"} &lt;!here&gt; x');
  });
});
