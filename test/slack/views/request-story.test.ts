import type { ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { MASK } from "../../../src/factory/params.ts";
import type { AuditEvent } from "../../../src/requests/audit-events.ts";
import type { RequestRecord } from "../../../src/requests/types.ts";
import { HOME_CALLBACK } from "../../../src/slack/ids.ts";
import { renderRequestStory } from "../../../src/slack/views/request-story.ts";
import type { RequestStoryInput } from "../../../src/slack/views/story-input.ts";
import { validateView } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  auditEvent,
  CHECKER,
  inStatus,
  MAKER,
  OTHER_CHECKER,
  overLimits,
  REQUEST_ID,
  request,
} from "./fixtures.ts";

const waiver = action();
const NOW = new Date("2026-03-02T16:00:00.000Z");
const DUPLICATE_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

function at(minute: number): Date {
  return new Date(Date.UTC(2026, 2, 2, 14, minute));
}

function story(overrides: Partial<RequestStoryInput> = {}): ModalView {
  const view = renderRequestStory({
    request: inStatus.PENDING(),
    action: waiver,
    events: [auditEvent()],
    numbers: new Map([[REQUEST_ID, 12]]),
    viewerId: CHECKER,
    now: NOW,
    ...overrides,
  });
  expect(validateView(view)).toEqual([]);
  expect(overLimits(view.blocks)).toEqual([]);
  return view;
}

/** Every line of "What happened", in order. */
function timeline(view: ModalView): string[] {
  const blocks = view.blocks as unknown as {
    type: string;
    text?: { text: string };
    elements?: { text: string }[];
  }[];
  const start = blocks.findIndex((b) => b.type === "header" && b.text?.text === "What happened");
  return blocks
    .slice(start + 1)
    .map((b) => (b.type === "context" ? fallback(b.elements?.[0]?.text ?? "") : ""));
}

/** Slack's date tokens as a reader without them sees them: their UTC fallback text. */
function fallback(text: string): string {
  return text.replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1");
}

function shown(view: ModalView): string {
  return JSON.stringify(view.blocks);
}

describe("renderRequestStory", () => {
  it("is a modal about the request: title, status, details", () => {
    const view = story();
    expect(view).toMatchObject({
      type: "modal",
      callback_id: HOME_CALLBACK.requestStory,
      title: { text: "Request #12" },
      close: { text: "Close" },
      private_metadata: REQUEST_ID,
    });
    expect(view.submit).toBeUndefined();
    expect(view.blocks[0]).toMatchObject({ type: "header", text: { text: "#12 Billing waiver" } });
    const text = shown(view);
    expect(text).toContain(`:hourglass_flowing_sand: *Pending* — waiting for <@${CHECKER}>`);
    expect(text).toContain("Asked 2 h ago");
    expect(text).toContain("*Team or customer*\\nAcme Corp");
    expect(text).toContain("Double-charged during the outage");
  });

  it("shows sensitive values to the maker and the checkers only", () => {
    for (const viewerId of [MAKER, CHECKER]) {
      const text = shown(story({ viewerId }));
      expect(text, viewerId).toContain("4242");
      expect(text, viewerId).not.toContain(MASK);
      expect(text, viewerId).not.toContain("Sensitive values are hidden");
    }
    const stranger = shown(story({ viewerId: "U0STRANGER" }));
    expect(stranger).not.toContain("4242");
    expect(stranger).toContain(MASK);
    expect(stranger).toContain("in_123");
    expect(stranger).toContain("Sensitive values are hidden");
  });

  it("masks every value for strangers when the action is no longer configured", () => {
    const text = shown(story({ action: undefined, viewerId: "U0STRANGER" }));
    expect(text).not.toContain("in_123");
    expect(text).toContain("#12 billing-waiver");
  });

  it("shows the result or the error", () => {
    expect(shown(story({ request: inStatus.FINISHED() }))).toContain('\\"waived\\": \\"in_123\\"');
    const failed = story({
      request: { ...inStatus.FAILED(), error: `${"e".repeat(5000)}<!channel>` },
    });
    expect(shown(failed)).toContain("*Error*");
    expect(shown(failed)).not.toContain("<!channel>");
  });

  it("tells the whole story of a request and its duplicate, oldest first", () => {
    const original = request({
      checkerIds: [CHECKER, OTHER_CHECKER],
      approvalsRequired: 2,
      status: "DECLINED",
    });
    const duplicate = request({
      id: DUPLICATE_ID,
      number: 14,
      duplicateOfId: REQUEST_ID,
      createdAt: at(30),
      status: "FINISHED",
    });
    const events: AuditEvent[] = [
      auditEvent({ at: at(0) }, original),
      auditEvent(
        {
          type: "APPROVAL_RECORDED",
          actor: CHECKER,
          fromStatus: "PENDING",
          toStatus: "PENDING",
          at: at(1),
          details: { approvals: 1, approvalsRequired: 2 },
        },
        original,
      ),
      auditEvent(
        {
          type: "ATTEMPT_REFUSED",
          actor: MAKER,
          fromStatus: "PENDING",
          toStatus: "PENDING",
          at: at(2),
          details: {
            attempted: "approve",
            code: "REQUEST.SELF_APPROVAL",
            message: "You made #12, so you cannot approve it: <!channel> & co. Ask <@U0OTHER>.",
          },
        },
        original,
      ),
      auditEvent(
        {
          type: "CHECKER_NUDGED",
          actor: MAKER,
          fromStatus: "PENDING",
          toStatus: "PENDING",
          at: at(10),
          details: { checkers: [OTHER_CHECKER] },
        },
        original,
      ),
      auditEvent(
        {
          type: "REQUEST_DECLINED",
          actor: OTHER_CHECKER,
          fromStatus: "PENDING",
          toStatus: "DECLINED",
          at: at(20),
          details: { reason: "Above the\npolicy <!here>" },
        },
        original,
      ),
      auditEvent({ at: at(30) }, duplicate),
      auditEvent(
        {
          type: "REQUEST_APPROVED",
          actor: CHECKER,
          fromStatus: "PENDING",
          toStatus: "APPROVED",
          at: at(31),
          details: { approvals: 1, approvalsRequired: 1 },
        },
        duplicate,
      ),
      auditEvent(
        {
          type: "EXECUTION_STARTED",
          actor: "system",
          fromStatus: "APPROVED",
          toStatus: "EXECUTING",
          at: at(32),
          details: {},
        },
        duplicate,
      ),
      auditEvent(
        {
          type: "REQUEST_FINISHED",
          actor: "system",
          fromStatus: "EXECUTING",
          toStatus: "FINISHED",
          at: at(33),
          details: { result: null },
        },
        duplicate,
      ),
    ];
    const numbers = new Map([
      [REQUEST_ID, 12],
      [DUPLICATE_ID, 14],
    ]);
    const view = story({ request: original, events, numbers });
    expect(timeline(view)).toEqual([
      `2026-03-02 14:00 UTC · <@${MAKER}> asked for Billing waiver in production`,
      `2026-03-02 14:01 UTC · <@${CHECKER}> approved (1 of 2)`,
      `2026-03-02 14:02 UTC · <@${MAKER}> tried to approve but was refused: You made #12, so you cannot approve it: &lt;!channel&gt; &amp; co. Ask <@U0OTHER>.`,
      `2026-03-02 14:10 UTC · <@${MAKER}> nudged <@${OTHER_CHECKER}>`,
      `2026-03-02 14:20 UTC · <@${OTHER_CHECKER}> declined: Above the policy &lt;!here&gt; → :no_entry: Declined`,
      `2026-03-02 14:30 UTC · <@${MAKER}> sent #12 again as #14`,
      `2026-03-02 14:31 UTC · *#14* · <@${CHECKER}> approved → :thumbsup: Approved`,
      `2026-03-02 14:32 UTC · *#14* · The bot started running it → :gear: Running`,
      `2026-03-02 14:33 UTC · *#14* · The bot finished running it → :white_check_mark: Done`,
    ]);

    const fromDuplicate = story({ request: duplicate, events, numbers });
    expect(shown(fromDuplicate)).toContain(":repeat: Resend of #12");
    expect(timeline(fromDuplicate)[1]).toBe(
      `2026-03-02 14:01 UTC · *#12* · <@${CHECKER}> approved (1 of 2)`,
    );
  });

  it("tells failures, cancellations and expiry", () => {
    const lines = timeline(
      story({
        events: [
          auditEvent({
            type: "REQUEST_FAILED",
            actor: "system",
            fromStatus: "EXECUTING",
            toStatus: "FAILED",
            details: { error: "Billing answered 503", result: null },
          }),
          auditEvent({
            type: "REQUEST_CANCELLED",
            actor: MAKER,
            fromStatus: "PENDING",
            toStatus: "CANCELLED",
            details: { reason: null },
          }),
          auditEvent({
            type: "REQUEST_EXPIRED",
            actor: "system",
            fromStatus: "PENDING",
            toStatus: "EXPIRED",
            details: { reason: null },
          }),
          auditEvent({
            type: "CHECKER_NUDGED",
            fromStatus: "PENDING",
            toStatus: "PENDING",
            details: {},
          }),
        ],
      }),
    );
    expect(lines).toEqual([
      "2026-03-02 14:00 UTC · The bot failed to run it: Billing answered 503 → :x: Failed",
      `2026-03-02 14:00 UTC · <@${MAKER}> cancelled → :wastebasket: Cancelled`,
      "2026-03-02 14:00 UTC · The bot let it expire: nobody decided in time → :alarm_clock: Expired",
      `2026-03-02 14:00 UTC · <@${MAKER}> nudged the checkers`,
    ]);
  });

  it("tells reminders, escalation and a resumed run as sentences", () => {
    const bot = { actor: "system", fromStatus: "PENDING" as const, toStatus: "PENDING" as const };
    const lines = timeline(
      story({
        events: [
          auditEvent({
            ...bot,
            type: "REMINDER_SENT",
            details: { reminder: 2, checkers: [CHECKER] },
          }),
          auditEvent({
            ...bot,
            type: "REQUEST_ESCALATED",
            details: { to: "S0LEADS", recipients: ["U0LEAD1", "U0LEAD2"] },
          }),
          auditEvent({
            ...bot,
            type: "REQUEST_ESCALATED",
            details: { to: "U0LEAD1", recipients: ["U0LEAD1"] },
          }),
          auditEvent({
            actor: "system",
            type: "EXECUTION_RESUMED",
            fromStatus: "EXECUTING",
            toStatus: "EXECUTING",
            details: {},
          }),
        ],
      }),
    );
    expect(lines).toEqual([
      `2026-03-02 14:00 UTC · The bot reminded <@${CHECKER}> (reminder 2): nobody had decided yet`,
      "2026-03-02 14:00 UTC · The bot escalated it to <!subteam^S0LEADS>: nobody had decided after the last reminder",
      "2026-03-02 14:00 UTC · The bot escalated it to <@U0LEAD1>: nobody had decided after the last reminder",
      "2026-03-02 14:00 UTC · The bot ran it again: the process running it had stopped before it finished",
    ]);
  });

  it("repeated refused attempts: how many more times, and between when", () => {
    const refused = (at: Date, details: Record<string, string | number>) =>
      auditEvent({
        type: "ATTEMPT_REFUSED",
        actor: "U0STRANGER",
        fromStatus: "PENDING",
        toStatus: "PENDING",
        at,
        details: {
          attempted: "approve",
          code: "REQUEST.NOT_A_CHECKER",
          message: "No.",
          ...details,
        },
      });
    const lines = timeline(
      story({
        events: [
          refused(at(1), {}),
          refused(at(12), { count: 14, firstAt: at(2).toISOString(), lastAt: at(9).toISOString() }),
          refused(at(30), {
            count: 1,
            firstAt: at(21).toISOString(),
            lastAt: at(21).toISOString(),
          }),
        ],
      }),
    );
    expect(lines).toEqual([
      "2026-03-02 14:01 UTC · <@U0STRANGER> tried to approve but was refused: No.",
      "2026-03-02 14:12 UTC · <@U0STRANGER> tried to approve 14 more times between 2026-03-02 14:02 and 14:09 UTC but was refused: No.",
      "2026-03-02 14:30 UTC · <@U0STRANGER> tried to approve once more at 2026-03-02 14:21 UTC but was refused: No.",
    ]);
  });

  it("says when nothing was recorded", () => {
    expect(timeline(story({ events: [] }))).toEqual([
      "_Nothing has been recorded for this request yet._",
    ]);
  });

  it("fits with the longest data anyone could enter and a long history", () => {
    const big: RequestRecord = {
      ...inStatus.FAILED(),
      team: `<!channel>${"T".repeat(190)}`,
      purpose: "p&".repeat(1500),
      params: Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`param_${i}`, `${"v".repeat(2990)} <!here>`]),
      ),
      checkerIds: Array.from({ length: 10 }, (_, i) => `U0CHECKER${i}`),
      approvalsRequired: 10,
      error: "x".repeat(20_000),
    };
    const long = action({
      title: "T".repeat(200),
      params: Array.from({ length: 40 }, (_, i) => ({
        name: `param_${i}`,
        label: "L".repeat(300),
        type: "textarea" as const,
        sensitive: i % 2 === 0,
      })),
    });
    const events = Array.from({ length: 500 }, (_, i) =>
      auditEvent(
        {
          type: "REQUEST_DECLINED",
          actor: "U0CHECKER1",
          fromStatus: "PENDING",
          toStatus: "DECLINED",
          details: { reason: `${"r".repeat(3000)} ${i}` },
        },
        big,
      ),
    );
    for (const viewerId of [big.makerId, "U0CHECKER3", "U0STRANGER"]) {
      const view = story({ request: big, action: long, events, viewerId });
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(shown(view)).not.toContain("<!channel>");
      expect(shown(view)).not.toContain("<!here>");
    }
  });
});

describe("the story of the policies", () => {
  it("tells break glass, its review, a re-route and a decision made on someone's behalf", () => {
    const view = story({
      events: [
        auditEvent(),
        auditEvent({
          type: "CHECKER_REROUTED",
          actor: CHECKER,
          fromStatus: "PENDING",
          toStatus: "PENDING",
          at: at(5),
          details: { from: CHECKER, to: OTHER_CHECKER, until: "2026-03-05T09:00:00.000Z" },
        }),
        auditEvent({
          type: "REQUEST_APPROVED",
          actor: OTHER_CHECKER,
          fromStatus: "PENDING",
          toStatus: "APPROVED",
          at: at(6),
          details: { approvals: 1, approvalsRequired: 1, onBehalfOf: CHECKER },
        }),
        auditEvent({
          type: "BREAK_GLASS_USED",
          actor: MAKER,
          fromStatus: "PENDING",
          toStatus: "APPROVED",
          at: at(7),
          details: { reason: "Pipeline stuck" },
        }),
        auditEvent({
          type: "BREAK_GLASS_REVIEWED",
          actor: OTHER_CHECKER,
          fromStatus: "FINISHED",
          toStatus: "FINISHED",
          at: at(8),
          details: { verdict: "FLAGGED", note: "Could have waited" },
        }),
      ],
    });
    const lines = timeline(view).slice(1, 5);
    expect(lines).toEqual([
      `2026-03-02 14:05 UTC · <@${CHECKER}> re-routed it from <@${CHECKER}> to <@${OTHER_CHECKER}>: <@${CHECKER}> is away until 2026-03-05 09:00 UTC`,
      `2026-03-02 14:06 UTC · <@${OTHER_CHECKER}> approved for <@${CHECKER}> (away) → :thumbsup: Approved`,
      `2026-03-02 14:07 UTC · <@${MAKER}> :rotating_light: broke the glass: ran it without a checker: Pipeline stuck → :thumbsup: Approved`,
      `2026-03-02 14:08 UTC · <@${OTHER_CHECKER}> :triangular_flag_on_post: flagged the break-glass use: Could have waited`,
    ]);
  });
});
