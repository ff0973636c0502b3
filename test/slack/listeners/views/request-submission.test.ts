import { WebClient } from "@slack/web-api";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "../../../../src/core/errors.ts";
import type { AuditEventDraft } from "../../../../src/requests/audit-events.ts";
import type { Written } from "../../../../src/requests/store.ts";
import type { SlackDeps } from "../../../../src/slack/deps.ts";
import { BLOCK, paramBlockId } from "../../../../src/slack/ids.ts";
import {
  requestSubmission,
  withoutMarkup,
} from "../../../../src/slack/listeners/views/request-submission.ts";
import { renderRequestModal } from "../../../../src/slack/views/request-modal.ts";
import { SAVE_FAILED } from "../../../../src/slack/views/submission-status.ts";
import { MemoryRequestStore } from "../../../support/memory-store.ts";
import { fillView } from "../../../support/slack/fill-view.ts";
import { fakeSlackDeps } from "../../../support/slack-deps.ts";

/** A store whose writes fail or hang, as a database that is away or overloaded would. */
class TroubledStore extends MemoryRequestStore {
  mode: "down" | "held" = "down";
  private readonly held: (() => void)[] = [];

  /** Lets the held writes finish. */
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }

  override async insert(makeEvent: (number: number) => AuditEventDraft): Promise<Written> {
    if (this.mode === "down") {
      throw new DatabaseUnavailableError("Cannot use PostgreSQL: connect ECONNREFUSED");
    }
    await new Promise<void>((resolve) => this.held.push(resolve));
    return super.insert(makeEvent);
  }
}

function setup() {
  const store = new TroubledStore();
  const deps = fakeSlackDeps({ store, submissionDeadlineMs: 50 });
  const registry = deps.actions;
  const action = registry.get("waive-invoice");
  if (!action) throw new Error("no test action");
  const modal = renderRequestModal({
    actions: registry.list(),
    selected: action,
    environments: ["production"],
    metadata: { actionId: action.id },
  });
  const values = fillView(modal, {
    [BLOCK.environment]: "production",
    [BLOCK.team]: "Acme",
    [paramBlockId("invoice_id")]: "in_9",
    [BLOCK.checkers]: "U0CHECK",
    [BLOCK.purpose]: "Refund",
  });
  const view = { ...modal, id: "V0FORM", hash: "1.abc", state: { values } };
  return { store, deps, view };
}

function submit(deps: SlackDeps, view: object) {
  const acks: unknown[] = [];
  let firstAck: (response: unknown) => void = () => {};
  const acked = new Promise<unknown>((resolve) => {
    firstAck = resolve;
  });
  const client = new WebClient("xoxb-test", { retryConfig: { retries: 0 } });
  const run = requestSubmission(deps)({
    ack: async (response?: unknown) => {
      acks.push(response);
      firstAck(response);
    },
    body: { user: { id: "U0MAKER" } },
    view,
    client,
  } as never);
  return { acks, acked, run };
}

describe("request submission when the database misbehaves", () => {
  beforeAll(() => nock.disableNetConnect());
  // Test files may share a process (isolate: false): leave the network as it was found.
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it("a dead database: the form stays open with a clear error, nothing is lost", async () => {
    const { deps, view, store } = setup();
    const { acks, run } = submit(deps, view);
    await run;
    expect(acks).toEqual([{ response_action: "errors", errors: { [BLOCK.purpose]: SAVE_FAILED } }]);
    expect(store.requests.size).toBe(0);
  });

  it("a slow database: answered in time with a saving screen, then updated with the result", async () => {
    const { deps, view, store } = setup();
    // The write waits until released: past the deadline however fast or slow the machine is.
    store.mode = "held";
    const updated = new Promise<Record<string, string>>((resolve) => {
      nock("https://slack.com")
        .post("/api/views.update", (body) => {
          resolve(body);
          return true;
        })
        .reply(200, { ok: true });
    });
    // The form had no channel (opened from Home): the confirmation goes to the DM.
    const confirmed = new Promise<Record<string, string>>((resolve) => {
      nock("https://slack.com")
        .post("/api/chat.postMessage", (body) => {
          resolve(body);
          return true;
        })
        .reply(200, { ok: true, ts: "1.2" });
    });
    const { acks, acked, run } = submit(deps, view);
    const ack = await acked;
    expect(ack).toMatchObject({ response_action: "update", view: { type: "modal" } });
    expect(JSON.stringify(ack)).toContain("Saving");
    expect(store.requests.size).toBe(0);
    store.release();
    await run;
    expect(acks).toHaveLength(1);
    const body = await updated;
    expect(body.view_id).toBe("V0FORM");
    expect(body.view).toContain("*#1 Waive invoice* is waiting for <@U0CHECK> to approve it.");
    expect(store.requests.size).toBe(1);
    expect((await confirmed).channel).toBe("U0MAKER");
  });
});

describe("modal errors are plain text", () => {
  it("reduce any mention to a name or id, never raw markup", () => {
    expect(
      withoutMarkup("<@U0BOSS> or <!subteam^S0SRE> or <!subteam^S0X|@sre> in <#C1|general>"),
    ).toBe("@U0BOSS or @S0SRE or @sre in #general");
    expect(withoutMarkup("Dana Lee may not approve this.")).toBe("Dana Lee may not approve this.");
  });
});
