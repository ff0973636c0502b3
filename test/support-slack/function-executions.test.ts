import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackDriver } from "../support/slack/driver.ts";
import { parseManifestFunctions } from "../support/slack/function-definitions.ts";
import { type SocketStandIn, startSocketStandIn } from "../support/slack/socket-stand-in.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";
import { failure, standInClient } from "../support/slack/test-client.ts";

const signingSecret = "test-signing-secret";
const TTL_MS = 15 * 60_000;

let standIn: SlackStandIn;
let clock: number;

const inputs = {
  action: "billing-waiver",
  maker: "U0ALICE",
  checker: "U0BOB",
  environment: "production",
  team: "Acme",
  purpose: "Refund a double charge",
  params: '{"invoice_id":"in_7"}',
};

const approved = {
  status: "approved",
  request_number: 12,
  decided_by: "U0BOB",
  decided_at: 1_764_800_000,
};

const clientFor = (token: string) => standInClient(standIn, token);

function execute(extra: Record<string, unknown> = {}) {
  const event = standIn.executeFunction({ inputs: { ...inputs, ...extra } });
  return {
    event,
    id: String(event.function_execution_id),
    token: String(event.bot_access_token),
  };
}

beforeEach(async () => {
  clock = Date.UTC(2026, 11, 4, 12);
  standIn = await startSlackStandIn({ now: () => clock });
  standIn.addUser({ id: "U0ALICE", name: "alice" });
  standIn.addUser({ id: "U0BOB", name: "bob" });
});

afterEach(async () => {
  await standIn.close();
});

describe("Slack stand-in: function_executed", () => {
  it("is shaped as Slack sends it, with the step's parameters from manifest.yml", () => {
    const { event } = execute();
    expect(event).toEqual({
      type: "function_executed",
      function: {
        id: expect.stringMatching(/^Fn[0-9A-Z]{10}$/),
        callback_id: "four_eyes_approval",
        title: "Require a second person's approval",
        description:
          "Pause the workflow until a different person approves or declines, under Four Eyes' rules, with a sealed audit trail",
        type: "app",
        input_parameters: expect.any(Array),
        output_parameters: expect.any(Array),
        app_id: standIn.identity.appId,
        date_created: Math.floor(clock / 1000),
        date_updated: Math.floor(clock / 1000),
        date_deleted: 0,
      },
      inputs,
      function_execution_id: expect.stringMatching(/^Fx[0-9A-Z]{10}$/),
      workflow_execution_id: expect.stringMatching(/^Wx[0-9A-Z]{10}$/),
      event_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
      bot_access_token: expect.stringMatching(/^xwfp-\d{13}-\d{13}-[0-9a-f]{32}$/),
    });
    const fn = event.function as Record<string, Record<string, unknown>[]>;
    expect(fn.input_parameters?.map((p) => [p.name, p.type, p.is_required])).toEqual([
      ["action", "string", true],
      ["maker", "slack#/types/user_id", true],
      ["checker", "slack#/types/user_id", false],
      ["environment", "string", false],
      ["team", "string", true],
      ["purpose", "string", true],
      ["details", "string", false],
      ["params", "string", false],
    ]);
    expect(fn.input_parameters?.[1]).toEqual({
      type: "slack#/types/user_id",
      name: "maker",
      description: "Who asks for it",
      title: "Maker",
      is_required: true,
    });
    expect(fn.output_parameters?.map((p) => [p.name, p.type, p.is_required])).toEqual([
      ["status", "string", true],
      ["request_number", "integer", true],
      ["decided_by", "slack#/types/user_id", false],
      ["decided_at", "slack#/types/timestamp", false],
      ["reason", "string", false],
      ["result", "string", false],
    ]);

    const again = execute();
    expect((again.event.function as { id: string }).id).toBe(fn.id as unknown as string);
    expect(again.id).not.toBe(event.function_execution_id);
    expect(standIn.functionExecution(again.id)).toMatchObject({
      status: "running",
      calls: 0,
      inputs,
      callbackId: "four_eyes_approval",
    });
  });

  it("refuses inputs Workflow Builder would not run the step with", () => {
    expect(() => execute({ team: undefined })).toThrow(/missing required parameter: team/);
    expect(() => execute({ checker: "U0NOBODY" })).toThrow(/checker names no user/);
    expect(() => execute({ amount: "12" })).toThrow(/unknown parameter: amount/);
    expect(() => execute({ purpose: 12 })).toThrow(/purpose must be a string/);
    expect(() => standIn.executeFunction({ callbackId: "other", inputs })).toThrow(
      /declares no function other/,
    );
    expect(() => standIn.executeFunction({ inputs, userId: "U0NOBODY" })).toThrow(/unknown user/);
    // An optional input left empty is simply absent.
    expect(execute({ checker: undefined }).event.inputs).not.toHaveProperty("checker");
  });

  it("reads steps from any manifest in Slack's shape, refusing an is_required outside required", () => {
    const manifest = `
functions:
  greet:
    title: Greet
    input_parameters:
      properties:
        who: { type: "slack#/types/user_id", is_required: true }
      required: [who]
`;
    expect(parseManifestFunctions(manifest).get("greet")?.inputParameters).toEqual([
      {
        type: "slack#/types/user_id",
        name: "who",
        title: undefined,
        description: undefined,
        is_required: true,
      },
    ]);
    expect(() =>
      parseManifestFunctions(manifest.replace("required: [who]", "required: []")),
    ).toThrow(/is_required but is not in/);
  });
});

describe("Slack stand-in: completing a step", () => {
  it("completes once with outputs; a second completion is refused, and both are counted", async () => {
    const { id } = execute();
    const waiting = standIn.waitForFunctionCompletion(id);
    const client = clientFor("xoxb-test");
    // WebClient sends a form body, with outputs as a JSON string.
    await client.functions.completeSuccess({ function_execution_id: id, outputs: approved });
    expect(await waiting).toMatchObject({ status: "completed", outputs: approved, calls: 1 });
    const second = await failure(
      client.functions.completeError({ function_execution_id: id, error: "late" }),
    );
    expect(second.error).toBe("execution_not_in_running_state");
    expect(standIn.functionExecution(id)).toMatchObject({
      status: "completed",
      outputs: approved,
      calls: 2,
    });
    expect(standIn.functionExecution(id)).not.toHaveProperty("error");
    expect(standIn.callsTo("functions.completeSuccess")[0]?.args.outputs).toEqual(approved);
  });

  it("fails with completeError, taking JSON bodies too", async () => {
    const { id } = execute();
    const response = await fetch(`${standIn.apiUrl}functions.completeError`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer xoxb-test" },
      body: JSON.stringify({ function_execution_id: id, error: "Unknown action billing" }),
    });
    expect(await response.json()).toEqual({ ok: true });
    expect(await standIn.waitForFunctionCompletion(id)).toMatchObject({
      status: "failed",
      error: "Unknown action billing",
      calls: 1,
    });
  });

  it("refuses unknown executions and ones the workflow's author ended", async () => {
    const client = clientFor("xoxb-test");
    const unknown = await failure(
      client.functions.completeSuccess({ function_execution_id: "Fx0NOSUCH00", outputs: approved }),
    );
    expect(unknown.error).toBe("function_execution_not_found");
    const { id } = execute();
    standIn.endExecution(id);
    const ended = await failure(
      client.functions.completeSuccess({ function_execution_id: id, outputs: approved }),
    );
    expect(ended.error).toBe("execution_not_in_running_state");
    expect(standIn.functionExecution(id)).toMatchObject({ status: "ended", calls: 1 });
    expect(standIn.functionExecution("Fx0NOSUCH00")).toBeUndefined();
    await expect(standIn.waitForFunctionCompletion(id, { timeoutMs: 50 })).rejects.toThrow(
      /it is ended after 1 call/,
    );
  });

  it("checks outputs against the manifest's output_parameters", async () => {
    const { id } = execute();
    const client = clientFor("xoxb-test");
    const bad = await failure(
      client.functions.completeSuccess({
        function_execution_id: id,
        outputs: {
          request_number: "12",
          decided_by: "U0NOBODY",
          decided_at: 1_764_800_000_000,
          comment: "x",
        },
      }),
    );
    expect(bad.error).toBe("parameter_validation_failed");
    expect(bad.response_metadata?.messages).toEqual([
      "[ERROR] missing required parameter: status",
      "[ERROR] request_number must be an integer (type integer)",
      "[ERROR] decided_by names no user in the workspace (U0NOBODY) (type slack#/types/user_id)",
      "[ERROR] decided_at must be a Unix timestamp in seconds (this looks like milliseconds) (type slack#/types/timestamp)",
      "[ERROR] unknown parameter: comment",
    ]);
    const fraction = await failure(
      client.functions.completeSuccess({
        function_execution_id: id,
        outputs: { status: "approved", request_number: 12.5 },
      }),
    );
    expect(fraction.response_metadata?.messages).toEqual([
      "[ERROR] request_number must be an integer (type integer)",
    ]);
    const notObject = await failure(
      client.apiCall("functions.completeSuccess", { function_execution_id: id, outputs: "[1]" }),
    );
    expect(notObject.error).toBe("invalid_arguments");
    expect(standIn.functionExecution(id)).toMatchObject({ status: "running", calls: 3 });

    await client.functions.completeSuccess({
      function_execution_id: id,
      outputs: { status: "declined", request_number: 12, reason: "Not this month" },
    });
    expect(standIn.functionExecution(id)?.status).toBe("completed");
  });
});

describe("Slack stand-in: workflow tokens", () => {
  it("takes an execution's own xwfp- token until it expires; the bot token works for any", async () => {
    const first = execute();
    const second = execute();
    const third = execute();
    const jit = clientFor(first.token);
    // Other methods work with the workflow token while it is valid, as with Slack.
    await jit.chat.postMessage({ channel: "U0ALICE", text: "Your request is filed" });
    const foreign = await failure(
      jit.functions.completeSuccess({ function_execution_id: second.id, outputs: approved }),
    );
    expect(foreign.error).toBe("invalid_auth");
    expect(standIn.functionExecution(second.id)).toMatchObject({ status: "running", calls: 1 });

    clock += TTL_MS - 1;
    await clientFor(third.token).functions.completeError({
      function_execution_id: third.id,
      error: "x",
    });
    expect(standIn.functionExecution(third.id)?.status).toBe("failed");

    clock += 1;
    const expired = await failure(
      jit.functions.completeSuccess({ function_execution_id: first.id, outputs: approved }),
    );
    expect(expired.error).toBe("token_expired");
    expect((await failure(jit.chat.postMessage({ channel: "U0ALICE", text: "x" }))).error).toBe(
      "token_expired",
    );
    expect(standIn.functionExecution(first.id)).toMatchObject({ status: "running", calls: 1 });

    await clientFor("xoxb-test").functions.completeSuccess({
      function_execution_id: first.id,
      outputs: approved,
    });
    expect(standIn.functionExecution(first.id)).toMatchObject({ status: "completed", calls: 2 });
    const made = await failure(
      clientFor("xwfp-1-2-made-up").functions.completeSuccess({
        function_execution_id: second.id,
        outputs: approved,
      }),
    );
    expect(made.error).toBe("invalid_auth");
    expect(standIn.functionExecution(second.id)?.calls).toBe(2);
  });

  it("takes workflow tokens even when only some tokens are accepted, and a custom lifetime", async () => {
    await standIn.close();
    standIn = await startSlackStandIn({
      acceptTokens: ["xoxb-good"],
      functionTokenTtlMs: 1000,
      now: () => clock,
    });
    standIn.addUser({ id: "U0ALICE", name: "alice" });
    standIn.addUser({ id: "U0BOB", name: "bob" });
    const { id, token } = execute();
    expect(standIn.functionExecution(id)?.tokenExpiresAt).toBe(clock + 1000);
    await clientFor(token).auth.test();
    clock += 1000;
    expect((await failure(clientFor(token).auth.test())).error).toBe("token_expired");
  });
});

describe("Slack stand-in: delivering function_executed to a Bolt app", () => {
  let app: App;
  let socket: SocketStandIn | undefined;

  function boltApp(options: ConstructorParameters<typeof App>[0]): App {
    const created = new App({
      token: "xoxb-test",
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
      ...options,
    });
    created.function("four_eyes_approval", async ({ inputs: received, complete }) => {
      await complete({
        outputs: { status: "approved", request_number: 1, reason: String(received.purpose) },
      });
    });
    return created;
  }

  afterEach(async () => {
    await app.stop();
    await socket?.close();
    socket = undefined;
  });

  it("over HTTP as an event_callback; Bolt completes with the workflow token", async () => {
    app = boltApp({ signingSecret });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const { port } = server.address() as AddressInfo;
    const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}`, signingSecret, standIn });
    const { event, id, token } = execute();
    expect((await driver.functionExecuted(event)).status).toBe(200);
    expect(await standIn.waitForFunctionCompletion(id)).toMatchObject({
      status: "completed",
      outputs: { status: "approved", request_number: 1, reason: inputs.purpose },
    });
    expect(standIn.callsTo("functions.completeSuccess")[0]?.token).toBe(token);
    expect(() => driver.functionExecuted({ type: "app_home_opened" })).toThrow(
      /standIn.executeFunction/,
    );
  });

  it("over Socket Mode as an events_api envelope", async () => {
    socket = await startSocketStandIn({ standIn });
    app = boltApp({ socketMode: true, appToken: "xapp-1-test" });
    await app.start();
    await socket.waitForConnection();
    const driver = new SlackDriver({ appUrl: "http://127.0.0.1:9", signingSecret, standIn });
    const { event, id } = execute();
    const envelope = driver.functionExecutedEnvelope(event);
    expect(envelope).toMatchObject({
      type: "events_api",
      accepts_response_payload: false,
      payload: { type: "event_callback", api_app_id: standIn.identity.appId, event },
    });
    const ack = await driver.functionExecutedOverSocket(socket, execute().event);
    expect(ack.envelope_id).toBeTruthy();
    await socket.send(envelope);
    expect((await standIn.waitForFunctionCompletion(id)).status).toBe("completed");
    expect(standIn.unexpectedFailures()).toEqual([]);
  });
});
