import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SPEC_METHODS } from "../support/slack/api-spec.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";
import { failure, standInClient } from "../support/slack/test-client.ts";
import { METHODS } from "../support/slack/web-api-methods.ts";

let standIn: SlackStandIn;

const clientFor = (token: string) => standInClient(standIn, token);

beforeEach(async () => {
  standIn = await startSlackStandIn();
  standIn.addUser({ id: "U0ALICE", name: "alice" });
});

afterEach(async () => {
  await standIn.close();
});

describe("Slack's description of the Web API (test/support/slack/spec)", () => {
  it("describes exactly the methods the stand-in implements, each with its documentation", () => {
    expect([...SPEC_METHODS.keys()].sort()).toEqual(Object.keys(METHODS).sort());
    for (const spec of SPEC_METHODS.values()) {
      expect(spec.docs).toBe(`https://api.slack.com/methods/${spec.method}`);
    }
    expect(SPEC_METHODS.get("chat.postMessage")).toMatchObject({
      required: ["channel"],
      tokenKinds: ["bot", "user"],
    });
    expect(SPEC_METHODS.get("functions.completeSuccess")).toMatchObject({
      required: ["function_execution_id", "outputs"],
      errors: expect.arrayContaining([
        "function_execution_not_found",
        "execution_not_in_running_state",
        "parameter_validation_failed",
        "token_expired",
        "invalid_auth",
      ]),
    });
    expect(SPEC_METHODS.get("functions.completeError")?.required).toEqual([
      "function_execution_id",
      "error",
    ]);
    expect(SPEC_METHODS.get("apps.connections.open")?.tokenKinds).toEqual(["app"]);
  });

  it("keeps Slack's licence beside the extract", () => {
    const licence = readFileSync(new URL("../support/slack/spec/LICENSE", import.meta.url), "utf8");
    expect(licence).toMatch(/^MIT License/);
    expect(licence).toContain("SlackAPI");
  });
});

describe("Slack stand-in: calls checked against the spec", () => {
  it("answers unknown_method for a method Slack does not have or the stand-in lacks", async () => {
    const client = clientFor("xoxb-test");
    expect(
      await failure(client.apiCall("chat.postMessages", { channel: "U0ALICE" })),
    ).toMatchObject({
      ok: false,
      error: "unknown_method",
    });
    expect((await failure(client.apiCall("conversations.history", {}))).error).toBe(
      "unknown_method",
    );
    expect(standIn.callsTo("chat.postMessages")[0]?.failed).toBe("unknown_method");
  });

  it("answers a missing argument with the method's own error, or invalid_arguments naming it", async () => {
    const client = clientFor("xoxb-test");
    expect((await failure(client.apiCall("chat.postMessage", { text: "hi" }))).error).toBe(
      "channel_not_found",
    );
    expect((await failure(client.apiCall("chat.update", { channel: "D1", text: "x" }))).error).toBe(
      "message_not_found",
    );
    const views = await failure(client.apiCall("views.publish", { user_id: "U0ALICE" }));
    expect(views).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] missing required field: view"] },
    });
    const email = await failure(client.apiCall("users.lookupByEmail", { email: "" }));
    expect(email).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] missing required field: email"] },
    });
    const step = await failure(client.apiCall("functions.completeSuccess", { outputs: {} }));
    expect(step).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] missing required field: function_execution_id"] },
    });
    expect(standIn.unexpectedFailures().map((call) => call.failed)).toHaveLength(5);
  });

  it("takes only the token kinds the spec allows", async () => {
    const app = clientFor("xapp-1-test");
    expect((await failure(app.chat.postMessage({ channel: "U0ALICE", text: "x" }))).error).toBe(
      "not_allowed_token_type",
    );
    const bot = clientFor("xoxb-test");
    expect((await failure(bot.apps.connections.open())).error).toBe("not_allowed_token_type");
    const user = clientFor("xoxp-test");
    await expect(user.chat.postMessage({ channel: "U0ALICE", text: "x" })).resolves.toMatchObject({
      ok: true,
    });
  });
});
