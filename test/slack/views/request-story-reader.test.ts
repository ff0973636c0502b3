import type { ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/requests/audit-events.ts";
import { encodeStoryPage } from "../../../src/slack/forms/story-form.ts";
import { ACTION, HOME_ACTION, HOME_BLOCK } from "../../../src/slack/ids.ts";
import { renderRequestStory } from "../../../src/slack/views/request-story.ts";
import type { RequestStoryInput } from "../../../src/slack/views/story-input.ts";
import { validateView } from "../../support/slack/block-kit-rules.ts";
import {
  action,
  auditEvent,
  CHECKER,
  inStatus,
  MAKER,
  overLimits,
  REQUEST_ID,
} from "./fixtures.ts";

const waiver = action();
const NOW = new Date("2026-03-02T16:00:00.000Z");

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

/** Slack's date tokens as a reader without them sees them: their UTC fallback text. */
function fallback(text: string): string {
  return text.replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1");
}

/** Every line of "What happened", in order (the first element of each context block). */
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

function shown(view: ModalView): string {
  return JSON.stringify(view.blocks);
}

describe("Details as its reader needs it", () => {
  /** 500 events: asked, 498 refused attempts, expired. */
  function longHistory(): AuditEvent[] {
    return [
      auditEvent({ at: at(0) }),
      ...Array.from({ length: 498 }, (_, i) =>
        auditEvent({
          type: "ATTEMPT_REFUSED",
          actor: "U0STRANGER",
          fromStatus: "PENDING",
          toStatus: "PENDING",
          at: new Date(at(1).getTime() + i * 1000),
          details: { attempted: "approve", code: "REQUEST.NOT_A_CHECKER", message: `try ${i}` },
        }),
      ),
      auditEvent({
        type: "REQUEST_EXPIRED",
        actor: "system",
        fromStatus: "PENDING",
        toStatus: "EXPIRED",
        at: at(59),
      }),
    ];
  }

  /** The paging buttons of a story: text, value and accessibility label by action id. */
  function pagingButtons(view: ModalView): Map<string, Record<string, unknown>> {
    const block = view.blocks.find((b) => b.block_id === HOME_BLOCK.storyPaging) as
      | { elements: Record<string, unknown>[] }
      | undefined;
    return new Map((block?.elements ?? []).map((e) => [e.action_id as string, e]));
  }

  it("pages a long history inside the modal, the latest events first", () => {
    const events = longHistory();
    const latest = story({ request: inStatus.EXPIRED(), events });
    const lines = timeline(latest);
    expect(lines[0]).toBe("_Events 471–500 of 500, oldest first_");
    expect(lines.at(-2)).toContain("let it expire");
    expect(shown(latest)).not.toContain("npm run audit");
    const buttons = pagingButtons(latest);
    expect([...buttons.keys()]).toEqual([HOME_ACTION.storyOlder]);
    expect(buttons.get(HOME_ACTION.storyOlder)).toMatchObject({
      text: { text: "Older events" },
      value: encodeStoryPage({ requestId: REQUEST_ID, end: 470 }),
      accessibility_label: "Show the events before event 471",
    });

    const middle = story({ request: inStatus.EXPIRED(), events, end: 470 });
    expect(timeline(middle)[0]).toBe("_Events 441–470 of 500, oldest first_");
    expect(pagingButtons(middle).get(HOME_ACTION.storyNewer)).toMatchObject({
      text: { text: "Newer events" },
      value: encodeStoryPage({ requestId: REQUEST_ID, end: 500 }),
      accessibility_label: "Show events 471 to 500 of 500",
    });

    // The oldest page is a full page, starting with the request being asked for.
    const oldest = story({ request: inStatus.EXPIRED(), events, end: 3 });
    expect(timeline(oldest)[0]).toBe("_Events 1–30 of 500, oldest first_");
    expect(timeline(oldest)[1]).toContain("asked for Billing waiver");
    expect([...pagingButtons(oldest).keys()]).toEqual([HOME_ACTION.storyNewer]);
  });

  it("shows a short history whole, without paging", () => {
    const view = story();
    expect(timeline(view)).toHaveLength(1);
    expect(pagingButtons(view).size).toBe(0);
  });

  it("speaks the UI's words: Running, Done, Declined; codes only in a small aside", () => {
    const events = [
      auditEvent({ at: at(0) }),
      auditEvent({
        type: "REQUEST_APPROVED",
        actor: CHECKER,
        fromStatus: "PENDING",
        toStatus: "APPROVED",
        at: at(1),
        hash: "abcdef0123456789abcdef",
      }),
      auditEvent({
        type: "EXECUTION_STARTED",
        actor: "system",
        fromStatus: "APPROVED",
        toStatus: "EXECUTING",
        at: at(2),
      }),
    ];
    const view = story({ request: inStatus.EXECUTING(), events });
    const lines = timeline(view);
    expect(lines[1]).toBe(`2026-03-02 14:01 UTC · <@${CHECKER}> approved → :thumbsup: Approved`);
    expect(lines[2]).toBe("2026-03-02 14:02 UTC · The bot started running it → :gear: Running");
    for (const line of lines) expect(line).not.toMatch(/EXECUTING|APPROVED|PENDING/);
    // Times are Slack date tokens: each reader sees their own zone.
    expect(shown(view)).toContain("<!date^1772460060^{date_short_pretty} at {time}|");
    // The auditor's aside: the event type and the start of its hash.
    const approved = view.blocks.find((b) =>
      JSON.stringify(b).includes("approved → :thumbsup:"),
    ) as { elements: { text: string }[] };
    expect(approved.elements[1]?.text).toBe("`REQUEST_APPROVED` `abcdef012345`");
  });

  /** The action ids of the buttons the viewer is offered at the top of the story. */
  function offered(view: ModalView): string[] {
    const block = view.blocks.find((b) => b.block_id === HOME_BLOCK.storyButtons) as
      | { elements: { action_id: string }[] }
      | undefined;
    return (block?.elements ?? []).map((e) => e.action_id);
  }

  it("offers the buttons the viewer may use, with the cards' ids and values", () => {
    const pending = inStatus.PENDING();
    expect(offered(story({ request: pending, viewerId: CHECKER }))).toEqual([
      ACTION.approve,
      ACTION.decline,
    ]);
    const checkerView = story({ request: pending, viewerId: CHECKER });
    expect(JSON.stringify(checkerView.blocks)).toContain(`"value":"${REQUEST_ID}"`);
    expect(offered(story({ request: pending, viewerId: MAKER }))).toEqual([
      ACTION.cancel,
      ACTION.nudge,
    ]);
    expect(offered(story({ request: pending, viewerId: "U0STRANGER" }))).toEqual([]);
    // A checker who already approved has nothing left to decide.
    const approvedOnce = { ...pending, approvalsRequired: 2, approvedBy: [CHECKER] };
    expect(offered(story({ request: approvedOnce, viewerId: CHECKER }))).toEqual([]);
    for (const status of ["FAILED", "DECLINED", "EXPIRED", "CANCELLED"] as const) {
      const closed = story({ request: inStatus[status](), viewerId: MAKER });
      expect(offered(closed)).toEqual([ACTION.duplicate]);
      expect(JSON.stringify(closed.blocks)).toContain('"text":"Send again"');
      expect(offered(story({ request: inStatus[status](), viewerId: CHECKER }))).toEqual([]);
    }
    for (const status of ["APPROVED", "EXECUTING", "FINISHED"] as const) {
      expect(offered(story({ request: inStatus[status](), viewerId: MAKER }))).toEqual([]);
      expect(offered(story({ request: inStatus[status](), viewerId: CHECKER }))).toEqual([]);
    }
  });

  it("shows the system's raw answer to the maker and the checkers, never to a stranger", () => {
    const done = { ...inStatus.FINISHED(), result: { status: 200, body: { ok: true } } };
    const failed = {
      ...inStatus.FAILED(),
      error: 'Webhook answered 500 Internal Server Error: {"detail":"db down"}',
    };
    for (const viewerId of [MAKER, CHECKER]) {
      expect(shown(story({ request: done, viewerId }))).toContain("What the system answered");
      expect(shown(story({ request: done, viewerId }))).toContain('\\"status\\": 200');
      expect(shown(story({ request: failed, viewerId }))).toContain("db down");
    }
    const strangerDone = shown(story({ request: done, viewerId: "U0STRANGER" }));
    expect(strangerDone).not.toContain("200");
    expect(strangerDone).toContain("shown to the maker and the checkers only");
    const strangerFailed = shown(story({ request: failed, viewerId: "U0STRANGER" }));
    expect(strangerFailed).toContain("Webhook answered 500 Internal Server Error");
    expect(strangerFailed).not.toContain("db down");
  });
});
