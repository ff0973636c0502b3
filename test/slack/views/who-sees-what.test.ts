import type { AnyBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { renderAuditLine } from "../../../src/slack/views/audit-line.ts";
import { renderBreakGlassAlert } from "../../../src/slack/views/break-glass-alert.ts";
import { renderCheckerMessage } from "../../../src/slack/views/checker-message.ts";
import { renderEscalationMessage } from "../../../src/slack/views/escalation-message.ts";
import { allRow, mineRow, waitingRow } from "../../../src/slack/views/home/rows.ts";
import { renderMakerMessage } from "../../../src/slack/views/maker-message.ts";
import { renderRequestStory } from "../../../src/slack/views/request-story.ts";
import { renderOutcomeReply } from "../../../src/slack/views/thread-reply.ts";
import { validateBlocks } from "../../support/slack/block-kit-rules.ts";
import { formattedSpans, mrkdwnTexts } from "../../support/slack/mrkdwn-format.ts";
import {
  action,
  auditEvent,
  CHECKER,
  inStatus,
  MAKER,
  REQUEST_ID,
  request,
  visibleText,
} from "./fixtures.ts";

const waiver = action();
const CARD = "4242";
const BODY = `{"error":"card ${CARD} declined","trace":"at charge (billing.js:12)"}`;
const failed: RequestRecord = {
  ...inStatus.FAILED(),
  error: `Webhook answered 502 Bad Gateway: ${BODY}`,
  result: { status: 502, body: { error: `card ${CARD} declined` } },
};
const finished: RequestRecord = {
  ...inStatus.FINISHED(),
  result: { status: 200, body: { charged: `card ending ${CARD}`, card_last4: CARD } },
};
const NOW = new Date("2026-03-02T16:00:00.000Z");

function story(record: RequestRecord, viewerId: string) {
  const events = [
    auditEvent({}, record),
    auditEvent(
      {
        type: "REQUEST_FAILED",
        fromStatus: "EXECUTING",
        toStatus: "FAILED",
        details: { error: record.error },
      },
      record,
    ),
  ];
  return renderRequestStory({
    request: record,
    action: waiver,
    events,
    numbers: new Map([[REQUEST_ID, record.number]]),
    viewerId,
    now: NOW,
  });
}

describe("a result or error that echoes a sensitive value", () => {
  it("reaches the maker and the checkers in Details; anyone else reads a failure's headline only", () => {
    for (const viewer of [MAKER, CHECKER]) {
      expect(JSON.stringify(story(failed, viewer).blocks), viewer).toContain(
        `card ${CARD} declined`,
      );
      expect(JSON.stringify(story(finished, viewer).blocks), viewer).toContain(
        `card ending ${CARD}`,
      );
    }
    const stranger = JSON.stringify(story(failed, "U0STRANGER").blocks);
    expect(stranger).not.toContain(CARD);
    expect(stranger).not.toContain(`card ${MASK} declined`);
    expect(stranger).toContain("Webhook answered 502 Bad Gateway");
    const result = JSON.stringify(story(finished, "U0STRANGER").blocks);
    expect(result).not.toContain(CARD);
    expect(result).not.toContain("card ending");
    expect(result).toContain("shown to the maker and the checkers only");
  });

  it("stays off the cards, which say what happened in a sentence; masked on the maker's card and notice", () => {
    const checkerCard = visibleText(
      renderCheckerMessage({ request: failed, action: waiver, checkerId: CHECKER }).blocks,
    );
    expect(checkerCard).not.toContain(`card ${CARD} declined`);
    expect(checkerCard).not.toContain("trace");
    expect(checkerCard).toContain(
      "The system it acts on failed to do it (error 502); check it before trying again.",
    );
    for (const record of [failed, finished]) {
      const card = renderMakerMessage({ request: record, action: waiver });
      const notice = renderOutcomeReply(record, waiver);
      for (const shown of [
        visibleText(card.blocks),
        card.text,
        visibleText(notice.blocks),
        notice.text,
      ]) {
        expect(shown).not.toContain(CARD);
      }
    }
  });

  it("never reaches an escalation post or the audit channel's break-glass alert, nor their bodies", () => {
    const escalated = { ...failed, escalatedAt: NOW, escalatedTo: ["C0LEADS"] };
    const brokeGlass = { ...failed, breakGlassReason: `Card ${CARD} stuck`, decidedBy: MAKER };
    const posts = [
      renderEscalationMessage({ request: escalated, action: waiver }),
      renderBreakGlassAlert({ request: brokeGlass, action: waiver, reveal: false }),
      renderEscalationMessage({ request: { ...finished, escalatedAt: NOW }, action: waiver }),
    ];
    for (const post of posts) {
      expect(validateBlocks(post.blocks, "message")).toEqual([]);
      const shown = `${post.text}\n${visibleText(post.blocks)}`;
      expect(shown).not.toContain(CARD);
      expect(shown).not.toContain("trace");
      expect(shown).not.toContain("card ending");
    }
    expect(visibleText(posts[0]?.blocks ?? [])).toContain(
      "The system it acts on failed to do it (error 502); check it before trying again.",
    );
    // The reviewers' own copy shows every value (the raw answer is in Details only).
    const reviewer = renderBreakGlassAlert({ request: brokeGlass, action: waiver, reveal: true });
    expect(visibleText(reviewer.blocks)).toContain(`Card ${CARD} stuck`);
    expect(visibleText(reviewer.blocks)).not.toContain(`card ${CARD} declined`);
  });

  it("gives the audit channel a headline, never the body, and masks reasons", () => {
    expect(renderAuditLine(failed, waiver).text).toBe(
      `#12 Billing waiver (Production, Acme Corp) by <@${MAKER}>, approved by <@${CHECKER}>: :x: Failed at 2026-03-02 14:06 UTC: The system it acts on failed to do it (error 502); check it before trying again.`,
    );
    const declined = { ...inStatus.DECLINED(), decisionReason: `card ${CARD} is not theirs` };
    expect(renderAuditLine(declined, waiver).text).toContain(`: card ${MASK} is not theirs`);
    expect(renderAuditLine(finished, waiver).text).not.toContain(CARD);
    expect(renderAuditLine({ ...failed, error: null, result: null }, waiver).text).toMatch(
      /: It failed: no reason was given\.$/,
    );
  });
});

/** Every span Slack would format in the mrkdwn of these blocks. */
function formatted(blocks: readonly AnyBlock[]): string[] {
  return mrkdwnTexts(blocks).flatMap(formattedSpans);
}

describe("text people wrote", () => {
  const spoof = request({
    purpose: "*Pre-approved by finance*\n:white_check_mark: _Approved_ by <@U0CFO>",
    team: "~Acme~",
    params: { invoice_id: "`in_1`", amount: 250, card_last4: "4242" },
    decisionReason: "*Reason*",
  });
  const reversed = request({ purpose: "Refund \u202E0001\u202C USD", team: "Acme\u2066\u2069" });
  const NOT_FROM_THE_BOT = /Pre-approved|Approved by|Acme|in_1|Reason/;

  const views: [string, (r: RequestRecord) => readonly AnyBlock[]][] = [
    [
      "checker's card",
      (r) => renderCheckerMessage({ request: r, action: waiver, checkerId: CHECKER }).blocks,
    ],
    ["maker's card", (r) => renderMakerMessage({ request: r, action: waiver }).blocks],
    ["escalation", (r) => renderEscalationMessage({ request: r, action: waiver }).blocks],
    [
      "break-glass alert",
      (r) =>
        renderBreakGlassAlert({
          request: { ...r, breakGlassReason: r.purpose },
          action: waiver,
          reveal: true,
        }).blocks,
    ],
    ["Details", (r) => story(r, CHECKER).blocks],
    [
      "Details of a decline",
      (r) => story({ ...r, status: "DECLINED", decidedBy: CHECKER }, "U0STRANGER").blocks,
    ],
    [
      "Home rows",
      (r) => [
        ...waitingRow(r, waiver, CHECKER, NOW),
        ...mineRow(r, waiver, MAKER, NOW),
        allRow(r, waiver, NOW),
      ],
    ],
  ];

  it.each(views)("cannot be formatted like the bot's own fields on the %s", (_, render) => {
    const blocks = render(spoof);
    // The bot's own bold around the summary line: the values inside it stay literal.
    const summary = "*Billing waiver: invoice ID ˋin_1ˋ, amount $250.00*";
    const spans = formatted(blocks).filter((span) => span !== summary);
    expect(spans.filter((span) => NOT_FROM_THE_BOT.test(span))).toEqual([]);
    expect(mrkdwnTexts(blocks).join("\n")).not.toMatch(/(^|\s)\*Pre-approved by finance\*/);
  });

  it("is still shown, literally, while the bot's own labels stay bold", () => {
    const blocks = renderCheckerMessage({
      request: spoof,
      action: waiver,
      checkerId: CHECKER,
    }).blocks;
    expect(formatted(blocks)).toEqual(expect.arrayContaining(["*Purpose*", "*Card last 4*"]));
    const text = mrkdwnTexts(blocks).join("\n");
    expect(text).toContain("∗Pre-approved by finance∗");
    expect(text).toContain("∶white_check_mark: ˍApprovedˍ by &lt;@U0CFO&gt;");
  });

  it.each(views)("has its bidi controls removed on the %s", (_, render) => {
    const text = JSON.stringify(render(reversed));
    expect(text).toContain("Refund 0001 USD");
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });
});
