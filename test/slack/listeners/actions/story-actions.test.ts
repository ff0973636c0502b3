import { describe, expect, it } from "vitest";
import type { SlackDeps } from "../../../../src/slack/deps.ts";
import { encodeStoryPage, parseStoryPage } from "../../../../src/slack/forms/story-form.ts";
import { HOME_CALLBACK } from "../../../../src/slack/ids.ts";
import { homeNewRequest } from "../../../../src/slack/listeners/actions/home-actions.ts";
import { refreshStory, storyPage } from "../../../../src/slack/listeners/actions/story-actions.ts";
import { fakeSlackDeps } from "../../../support/slack-deps.ts";
import { auditEvent, REQUEST_ID, request } from "../../views/fixtures.ts";

type Call = { method: string; args: Record<string, unknown> };

/** A Bolt client that records views.* calls. */
function recordingClient(calls: Call[]) {
  const record = (method: string) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return { ok: true };
  };
  return {
    views: {
      open: record("views.open"),
      push: record("views.push"),
      update: record("views.update"),
    },
  };
}

/** Deps whose story of REQUEST_ID has `count` events. */
function depsWithStory(count: number): SlackDeps {
  const story = request();
  const events = Array.from({ length: count }, () => auditEvent({}, story));
  const base = fakeSlackDeps();
  return {
    ...base,
    requests: {
      ...base.requests,
      storyOf: async (id: string) => (id === REQUEST_ID ? { request: story, events } : null),
    } as unknown as SlackDeps["requests"],
  };
}

function blocksText(view: unknown): string {
  return JSON.stringify((view as { blocks: unknown[] }).blocks);
}

describe("story paging values", () => {
  it("round-trip, and refuse anything else", () => {
    const page = { requestId: REQUEST_ID, end: 40 };
    expect(parseStoryPage(encodeStoryPage(page))).toEqual(page);
    for (const bad of [
      undefined,
      3,
      "",
      REQUEST_ID,
      `${REQUEST_ID}:-1`,
      `${REQUEST_ID}:1:2`,
      "x:3",
    ]) {
      expect(parseStoryPage(bad), String(bad)).toBeNull();
    }
  });
});

describe("Older events / Newer events", () => {
  it("updates the same modal with the page the button names", async () => {
    const calls: Call[] = [];
    let acked = false;
    await storyPage(depsWithStory(100))({
      ack: async () => {
        acked = true;
      },
      action: { type: "button", value: encodeStoryPage({ requestId: REQUEST_ID, end: 70 }) },
      body: { user: { id: "U0STRANGER" }, view: { id: "V0STORY", type: "modal" } },
      client: recordingClient(calls),
    } as never);
    expect(acked).toBe(true);
    expect(calls.map((call) => call.method)).toEqual(["views.update"]);
    expect(calls[0]?.args.view_id).toBe("V0STORY");
    expect(blocksText(calls[0]?.args.view)).toContain("Events 41–70 of 100");
  });

  it("ignores a value that names no page", async () => {
    const calls: Call[] = [];
    await storyPage(depsWithStory(100))({
      ack: async () => {},
      action: { type: "button", value: "nonsense" },
      body: { user: { id: "U0STRANGER" }, view: { id: "V0STORY", type: "modal" } },
      client: recordingClient(calls),
    } as never);
    expect(calls).toEqual([]);
  });
});

describe("refreshStory", () => {
  it("redraws the story modal the click came from, and nothing else", async () => {
    const calls: Call[] = [];
    const client = recordingClient(calls);
    const deps = depsWithStory(3);
    const user = { id: "U0STRANGER" };
    await refreshStory(deps, { client, body: { user } } as never, REQUEST_ID);
    const home = { id: "V0HOME", callback_id: HOME_CALLBACK.home };
    await refreshStory(deps, { client, body: { user, view: home } } as never, REQUEST_ID);
    expect(calls).toEqual([]);
    const story = { id: "V0STORY", callback_id: HOME_CALLBACK.requestStory };
    await refreshStory(deps, { client, body: { user, view: story } } as never, REQUEST_ID);
    expect(calls.map((call) => [call.method, call.args.view_id])).toEqual([
      ["views.update", "V0STORY"],
    ]);
  });
});

describe('"New request" on the Home tab', () => {
  it("opens the request form with no channel, so its confirmation comes by DM", async () => {
    const calls: Call[] = [];
    await homeNewRequest(fakeSlackDeps())({
      ack: async () => {},
      action: { type: "button", value: "new" },
      body: { user: { id: "U0MAKER" }, trigger_id: "13345.trigger", view: { type: "home" } },
      client: recordingClient(calls),
    } as never);
    expect(calls.map((call) => call.method)).toEqual(["views.open"]);
    const view = calls[0]?.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe("request_modal");
    expect(JSON.parse(view.private_metadata)).toEqual({});
  });
});
