/**
 * A local stand-in for Slack's Web API (and response_url endpoints) for end-to-end tests.
 * Point Bolt's `clientOptions.slackApiUrl` at `apiUrl`; everything stays on 127.0.0.1.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MANIFEST_PATH, parseManifestBotScopes } from "../../../src/doctor/manifest.ts";
import {
  CallLog,
  DEFAULT_WAIT_MS,
  type RecordedCall,
  type WaitOptions,
  waitForItem,
} from "./call-log.ts";
import {
  type ExecuteFunctionOptions,
  FUNCTION_TOKEN_TTL_MS,
  type FunctionExecution,
  FunctionExecutions,
} from "./function-executions.ts";
import {
  DEFAULT_APP_ID,
  DEFAULT_BOT_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
} from "./ids.ts";
import { type RecordedResponse, type ResponseSource, ResponseUrls } from "./response-urls.ts";
import { TRIGGER_TTL_MS, TriggerBook } from "./triggers.ts";
import { ApiError, type MethodContext, runMethod } from "./web-api-methods.ts";
import {
  type EphemeralMessage,
  type Identity,
  type StoredMessage,
  type StoredView,
  type UserSpec,
  Workspace,
} from "./workspace.ts";

export type { RecordedCall, WaitOptions } from "./call-log.ts";
export type {
  ExecuteFunctionOptions,
  FunctionExecution,
  FunctionExecutionStatus,
} from "./function-executions.ts";
export type { RecordedResponse, ResponseSource } from "./response-urls.ts";
export type { EphemeralMessage, StoredMessage, StoredView, UserSpec } from "./workspace.ts";

type Json = Record<string, unknown>;

export interface SlackStandInOptions {
  botUserId?: string;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botId?: string;
  /**
   * When given, only these tokens authenticate; otherwise any xoxb-/xoxp-/xapp- token does. The
   * workflow tokens (xwfp-…) the stand-in mints for function executions always do, until expiry.
   */
  acceptTokens?: string[];
  /** How long a function execution's workflow token (xwfp-…) works: 15 minutes, as Slack's. */
  functionTokenTtlMs?: number;
  /** The stand-in's clock for workflow token expiry; Date.now when absent. */
  now?: () => number;
  /** How long a trigger_id stays exchangeable; null never expires them. */
  triggerTtlMs?: number | null;
  /**
   * Milliseconds to wait before answering each Web API call and response_url post, like Slack's
   * own round trip (benchmarks draw it from a seeded 30–80 ms); no wait when absent.
   */
  latencyMs?: () => number;
  /**
   * The scopes Slack reports for bot (and user) tokens in each answer's `x-oauth-scopes` header;
   * the bot scopes manifest.yml requests when absent. App-level tokens report connections:write.
   */
  scopes?: readonly string[];
}

export interface FailOptions {
  times?: number;
  error?: string;
  retryAfterSeconds?: number;
  /** Answer with this HTTP status instead of Slack's usual 200 (or 429 for ratelimited). */
  status?: number;
}

interface ScriptedFailure {
  remaining: number;
  error: string;
  retryAfterSeconds: number;
  status: number | undefined;
}

/** Web API arguments that Slack accepts as JSON strings in form bodies. */
const JSON_FIELDS = ["blocks", "attachments", "view", "metadata", "outputs"];

const COMPLETE_METHODS = ["functions.completeSuccess", "functions.completeError"];

interface Authenticated {
  kind: MethodContext["tokenKind"];
  workflowToken: FunctionExecution | undefined;
}

function tokenKind(token: string): MethodContext["tokenKind"] | undefined {
  if (token.startsWith("xoxb-")) return "bot";
  if (token.startsWith("xoxp-")) return "user";
  if (token.startsWith("xapp-")) return "app";
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseArgs(req: IncomingMessage, url: URL, raw: string): Json {
  const args: Json = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  if (raw.length === 0) return args;
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ApiError("invalid_json");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ApiError("json_not_object");
    }
    return { ...args, ...(body as Json) };
  }
  if (!type.includes("application/x-www-form-urlencoded")) throw new ApiError("invalid_form_data");
  Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value !== "string") continue;
    try {
      args[field] = JSON.parse(value);
    } catch {
      // Left as the raw string so validation reports it the way Slack does.
    }
  }
  return args;
}

/** What manifest.yml asks for, read once: the app as the README has people create it. */
let manifestScopes: readonly string[] | undefined;

function defaultScopes(): readonly string[] {
  manifestScopes ??= parseManifestBotScopes(readFileSync(MANIFEST_PATH, "utf8")).map(
    (scope) => scope.name,
  );
  return manifestScopes;
}

function send(res: ServerResponse, status: number, body: Json, headers: Json = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export class SlackStandIn {
  readonly identity: Identity;
  readonly workspace: Workspace;
  readonly triggers: TriggerBook;
  readonly responseUrls: ResponseUrls;
  readonly functions: FunctionExecutions;
  /** Where apps.connections.open sends Socket Mode clients; set by startSocketStandIn. */
  socketUrl: string | undefined;
  private readonly log = new CallLog();
  private readonly failures = new Map<string, ScriptedFailure[]>();
  private readonly delays = new Map<string, number[]>();
  /** Recipients (user or channel ids) that chat.postMessage/chat.update refuse, with the error. */
  private readonly refusals = new Map<string, string>();
  private readonly server: Server;
  private port = 0;

  constructor(private readonly options: SlackStandInOptions = {}) {
    this.identity = {
      teamId: options.teamId ?? DEFAULT_TEAM_ID,
      teamDomain: options.teamDomain ?? DEFAULT_TEAM_DOMAIN,
      appId: options.appId ?? DEFAULT_APP_ID,
      botUserId: options.botUserId ?? DEFAULT_BOT_USER_ID,
      botId: options.botId ?? DEFAULT_BOT_ID,
    };
    this.workspace = new Workspace(this.identity);
    this.triggers = new TriggerBook(
      options.triggerTtlMs === undefined ? TRIGGER_TTL_MS : options.triggerTtlMs,
    );
    this.responseUrls = new ResponseUrls(
      this.workspace,
      () => this.baseUrl,
      (response) => this.log.events.emit("response", response),
    );
    this.functions = new FunctionExecutions(
      this.identity.appId,
      (id) => this.workspace.users.has(id),
      options.now ?? Date.now,
      options.functionTokenTtlMs ?? FUNCTION_TOKEN_TTL_MS,
    );
    this.addUser({ id: this.identity.botUserId, name: "four-eyes", isBot: true });
    this.addUser({ id: "USLACKBOT", name: "slackbot", realName: "Slackbot", isBot: true });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { ok: false, error: String(error) });
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    if (this.port === 0) throw new Error("The Slack stand-in is not listening yet");
    return `http://127.0.0.1:${this.port}`;
  }

  /** Bolt's `slackApiUrl`; the trailing slash matters because the client appends the method. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  // --- recorded calls -------------------------------------------------------------------------

  get calls(): readonly RecordedCall[] {
    return this.log.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.log.callsTo(method);
  }

  waitFor(predicate: (call: RecordedCall) => boolean, options: WaitOptions = {}) {
    return this.log.waitFor(predicate, options);
  }

  /** Matches failed attempts too (check `call.failed`), so a rejected call ends the wait early. */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RecordedCall> {
    return this.log.waitFor(
      (call) => call.method === method && predicate(call),
      { timeoutMs },
      `a ${method} call`,
    );
  }

  /** Calls Slack refused for reasons the test did not script; usually a bug in the app. */
  unexpectedFailures(): RecordedCall[] {
    return this.log.calls.filter((call) => call.failed && !call.scripted);
  }

  // --- failure scripting ----------------------------------------------------------------------

  failNext(method: string, options: FailOptions = {}): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({
      remaining: options.times ?? 1,
      error: options.error ?? "ratelimited",
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
      status: options.status,
    });
    this.failures.set(method, queue);
  }

  /** Forgets every scripted failure not used yet: Slack is healthy again. */
  clearFailures(): void {
    this.failures.clear();
  }

  /**
   * Until `acceptMessagesTo`, every message posted or edited to `recipient` (a user's DM or a
   * channel) is refused with `error`, e.g. "user_not_found" for someone removed from Slack.
   */
  refuseMessagesTo(recipient: string, error: string): void {
    this.refusals.set(recipient, error);
  }

  acceptMessagesTo(recipient: string): void {
    this.refusals.delete(recipient);
  }

  delayNext(method: string, ms: number, times = 1): void {
    const queue = this.delays.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(ms);
    this.delays.set(method, queue);
  }

  // --- workspace --------------------------------------------------------------------------------

  addUser(user: UserSpec): void {
    this.workspace.users.set(user.id, user);
  }

  addUserGroup(id: string, members: string[], handle = id.toLowerCase()): void {
    this.workspace.userGroups.set(id, [...members]);
    this.workspace.userGroupHandles.set(id, handle);
  }

  addChannel(id: string, name: string): void {
    this.workspace.channelNames.set(id, name);
  }

  dmChannelOf(userId: string): string {
    return this.workspace.dmChannel(userId);
  }

  messagesIn(channel: string): StoredMessage[] {
    return [...(this.workspace.messages.get(channel) ?? [])];
  }

  dmWith(userId: string): StoredMessage[] {
    return this.messagesIn(this.workspace.dmChannel(userId));
  }

  lastDmTo(userId: string): StoredMessage | undefined {
    return this.dmWith(userId).at(-1);
  }

  ephemeralsFor(userId: string): EphemeralMessage[] {
    return this.workspace.ephemerals.filter((message) => message.user === userId);
  }

  get openViews(): StoredView[] {
    return this.workspace.allOpenViews();
  }

  modalStack(userId: string): StoredView[] {
    return [...(this.workspace.modalStacks.get(userId) ?? [])];
  }

  currentModal(userId: string): StoredView | undefined {
    return this.workspace.modalStacks.get(userId)?.at(-1);
  }

  homeOf(userId: string): StoredView | undefined {
    return this.workspace.homes.get(userId);
  }

  // --- workflow steps (custom functions) -----------------------------------------------------

  /**
   * Workflow Builder runs a step of this app: returns the function_executed event (send it with
   * driver.functionExecuted, or driver.functionExecutedEnvelope in Socket Mode). Throws when the
   * inputs are ones Workflow Builder would not let the workflow run with.
   */
  executeFunction(options: ExecuteFunctionOptions): Record<string, unknown> {
    return this.functions.execute(options);
  }

  /** The workflow's author stops the workflow (or it is cancelled) while the step runs. */
  endExecution(functionExecutionId: string): void {
    this.functions.end(functionExecutionId);
  }

  /** A copy of where the execution stands, or undefined for an id the stand-in never minted. */
  functionExecution(functionExecutionId: string): FunctionExecution | undefined {
    const execution = this.functions.get(functionExecutionId);
    return execution ? structuredClone(execution) : undefined;
  }

  /** Resolves once functions.completeSuccess or completeError was accepted for the execution. */
  async waitForFunctionCompletion(
    functionExecutionId: string,
    options: WaitOptions = {},
  ): Promise<FunctionExecution> {
    return structuredClone(await this.functions.waitForCompletion(functionExecutionId, options));
  }

  // --- interactions (used by the driver) ------------------------------------------------------

  mintTriggerId(userId: string): string {
    return this.triggers.mint(userId);
  }

  mintResponseUrl(userId: string, source: ResponseSource): string {
    return this.responseUrls.mint(userId, source);
  }

  get responses(): readonly RecordedResponse[] {
    return this.responseUrls.responses;
  }

  responsesFor(userId: string): RecordedResponse[] {
    return this.responseUrls.responses.filter((response) => response.userId === userId);
  }

  waitForResponse(
    predicate: (response: RecordedResponse) => boolean = () => true,
    { timeoutMs = DEFAULT_WAIT_MS, fromIndex = 0 }: WaitOptions = {},
  ): Promise<RecordedResponse> {
    const seen = (list: readonly RecordedResponse[]) =>
      `waiting for a response_url post. Posted: ${JSON.stringify(list.map((r) => r.body))}`;
    return waitForItem(
      this.responseUrls.responses,
      this.log.events,
      "response",
      predicate,
      { timeoutMs, fromIndex },
      seen,
    );
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // --- HTTP -------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const latency = this.options.latencyMs?.() ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency).unref());
    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      return this.handleResponseUrl(url.pathname.slice("/response/".length), raw, res);
    }
    if (url.pathname.startsWith("/api/")) {
      return this.handleApi(url.pathname.slice("/api/".length), req, url, raw, res);
    }
    send(res, 404, { ok: false, error: "not_found" });
  }

  private handleResponseUrl(id: string, raw: string, res: ServerResponse): void {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      send(res, 400, { ok: false, error: "invalid_payload" });
      return;
    }
    const answer = this.responseUrls.handle(id, (body ?? {}) as Json);
    send(res, answer.status, answer.body);
  }

  private async handleApi(
    method: string,
    req: IncomingMessage,
    url: URL,
    raw: string,
    res: ServerResponse,
  ): Promise<void> {
    const delay = this.delays.get(method)?.shift();
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    let args: Json = {};
    let token: string | undefined;
    // Like Slack, every answer to an authenticated call says what the token was granted.
    let granted: Json = {};
    const record = (response: Json, extra: Partial<RecordedCall> = {}) => {
      const failed = response.ok === false ? String(response.error) : undefined;
      this.log.record({ method, args, token, at: Date.now(), response, failed, ...extra });
    };
    try {
      args = parseArgs(req, url, raw);
      // Every complete* call naming an execution counts, whatever Slack answers.
      if (COMPLETE_METHODS.includes(method)) this.functions.countCall(args.function_execution_id);
      const header = req.headers.authorization;
      token = header?.startsWith("Bearer ") ? header.slice(7) : (args.token as string | undefined);
      delete args.token;
      const { kind, workflowToken } = this.authenticate(token);
      const scopes = kind === "app" ? ["connections:write"] : this.scopes;
      granted = { "x-oauth-scopes": scopes.join(",") };
      const refused = this.refusalFor(method, args);
      if (refused) {
        const body = { ok: false, error: refused };
        record(body, { scripted: true });
        send(res, 200, body, granted);
        return;
      }
      const scripted = this.takeFailure(method);
      if (scripted) {
        const body = { ok: false, error: scripted.error };
        record(body, { scripted: true });
        const rateLimited = scripted.error === "ratelimited";
        const status = scripted.status ?? (rateLimited ? 429 : 200);
        const headers = rateLimited ? { "retry-after": String(scripted.retryAfterSeconds) } : {};
        send(res, status, body, { ...granted, ...headers });
        return;
      }
      const body = runMethod(method, args, {
        ws: this.workspace,
        triggers: this.triggers,
        functions: this.functions,
        tokenKind: kind,
        workflowToken,
        socketUrl: this.socketUrl,
      });
      record(body);
      send(res, 200, body, granted);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const body = { ok: false, error: error.code, ...error.extra };
      record(body);
      send(res, 200, body, granted);
    }
  }

  private get scopes(): readonly string[] {
    return this.options.scopes ?? defaultScopes();
  }

  private authenticate(token: string | undefined): Authenticated {
    if (!token) throw new ApiError("not_authed");
    if (token.startsWith("xwfp-")) {
      const execution = this.functions.tokenExecution(token);
      if (typeof execution === "string") throw new ApiError(execution);
      return { kind: "bot", workflowToken: execution };
    }
    const kind = tokenKind(token);
    const accepted = this.options.acceptTokens?.includes(token) ?? true;
    if (!kind || !accepted) throw new ApiError("invalid_auth");
    return { kind, workflowToken: undefined };
  }

  private refusalFor(method: string, args: Json): string | undefined {
    if (method !== "chat.postMessage" && method !== "chat.update") return undefined;
    const channel = typeof args.channel === "string" ? args.channel : "";
    return this.refusals.get(this.workspace.dmUser(channel) ?? channel);
  }

  private takeFailure(method: string): ScriptedFailure | undefined {
    const queue = this.failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next;
  }
}

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const standIn = new SlackStandIn(options);
  await standIn.listen();
  return standIn;
}
