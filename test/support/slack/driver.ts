/**
 * Plays Slack's side of the conversation with the app under test: signed slash commands, clicks,
 * modal submissions and events, posted to the app's `/slack/events` the way Slack posts them.
 */
import { createHmac } from "node:crypto";
import { WAIT_MS } from "../patience.ts";
import { elementsOf, isObject } from "./block-kit-elements.ts";
import { actionFor } from "./element-actions.ts";
import {
  type Answer,
  type Answers,
  clientSideProblems,
  elementState,
  fillView,
} from "./fill-view.ts";
import { VERIFICATION_TOKEN } from "./ids.ts";
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  type ChannelRef,
  type EventOptions,
  eventCallback,
  type PayloadUser,
  type SlackContext,
  slashCommandPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from "./payloads.ts";
import {
  type Ack,
  type Envelope,
  eventsApiEnvelope,
  type SocketStandIn,
} from "./socket-stand-in.ts";
import type { SlackStandIn } from "./stand-in.ts";
import { type AckOutcome, applyViewSubmissionAck } from "./view-acks.ts";
import { closeModal, publicView } from "./view-store.ts";
import { publicMessage, type StoredMessage, type StoredView } from "./workspace.ts";

type Json = Record<string, unknown>;

export interface SendOptions {
  /** Seconds; defaults to now. Set it in the past to test replay protection. */
  timestamp?: number;
  /** Replaces the computed `x-slack-signature` header. */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface AppResponse {
  status: number;
  body: string;
  /**
   * Until the app's answer arrived, in fractional milliseconds. Slack drops interactions the app
   * takes longer than three seconds to acknowledge.
   */
  elapsedMs: number;
  json<T = unknown>(): T;
}

export interface InteractionResult extends AppResponse {
  payload: Json;
  triggerId?: string;
  responseUrl?: string;
}

export interface SubmitResult extends InteractionResult {
  /** What Slack did with the ack; undefined when the app answered with an error status. */
  outcome?: AckOutcome;
}

export interface SlackDriverOptions {
  appUrl: string;
  signingSecret: string;
  standIn: SlackStandIn;
  path?: string;
  requestTimeoutMs?: number;
}

export interface ClickTarget {
  actionId: string;
  value?: string;
  blockId?: string;
  messageTs?: string;
  /** Where the message is; defaults to the user's DM with the app. */
  channel?: string;
  /** For selects, overflow menus and the like: what the user picks. */
  selectedValue?: Answer;
}

interface Found {
  element: Json;
  blockId: string;
  block: Json;
}

function findElement(
  blocks: unknown,
  target: { actionId: string; blockId?: string; value?: string },
): Found | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks.filter(isObject)) {
    if (target.blockId !== undefined && block.block_id !== target.blockId) continue;
    for (const element of elementsOf(block)) {
      if (element.action_id !== target.actionId) continue;
      if (target.value !== undefined && element.value !== target.value) continue;
      return { element, blockId: block.block_id as string, block };
    }
  }
  return undefined;
}

function actionIdsIn(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((block) => elementsOf(block).map((e) => `${e.action_id}`));
}

export class SlackDriver {
  private readonly url: string;

  constructor(private readonly options: SlackDriverOptions) {
    this.url = `${options.appUrl.replace(/\/$/, "")}${options.path ?? "/slack/events"}`;
  }

  private get standIn(): SlackStandIn {
    return this.options.standIn;
  }

  private get context(): SlackContext {
    const { teamId, teamDomain, appId, botUserId } = this.standIn.identity;
    return { teamId, teamDomain, appId, botUserId, token: VERIFICATION_TOKEN };
  }

  sign(body: string, timestamp: number): string {
    const hmac = createHmac("sha256", this.options.signingSecret);
    return `v0=${hmac.update(`v0:${timestamp}:${body}`).digest("hex")}`;
  }

  async sendRaw(
    body: string,
    contentType: string,
    options: SendOptions = {},
  ): Promise<AppResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? this.sign(body, timestamp),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    };
    if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
    if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
    const started = performance.now();
    const response = await fetch(this.url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? WAIT_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text,
      elapsedMs: performance.now() - started,
      json<T>() {
        if (text.trim() === "") return undefined as T;
        return JSON.parse(text) as T;
      },
    };
  }

  sendForm(fields: Record<string, string>, options?: SendOptions): Promise<AppResponse> {
    const body = new URLSearchParams(fields).toString();
    return this.sendRaw(body, "application/x-www-form-urlencoded", options);
  }

  sendInteraction(payload: Json, options?: SendOptions): Promise<AppResponse> {
    return this.sendForm({ payload: JSON.stringify(payload) }, options);
  }

  sendEventCallback(callback: Json, options?: SendOptions): Promise<AppResponse> {
    return this.sendRaw(JSON.stringify(callback), "application/json", options);
  }

  private user(userId: string): PayloadUser {
    const user = this.standIn.workspace.users.get(userId);
    if (!user) throw new Error(`Unknown user ${userId}: add it with standIn.addUser first`);
    return { id: user.id, name: user.name };
  }

  async command(
    userId: string,
    text = "",
    options: SendOptions & { command?: string; channel?: ChannelRef } = {},
  ): Promise<InteractionResult> {
    const channel = options.channel ?? { id: "C0GENERAL1", name: "general" };
    const triggerId = this.standIn.mintTriggerId(userId);
    const responseUrl = this.standIn.mintResponseUrl(userId, {
      kind: "command",
      channel: channel.id,
    });
    const payload = slashCommandPayload({
      user: this.user(userId),
      command: options.command,
      text,
      channel,
      triggerId,
      responseUrl,
      context: this.context,
    });
    const response = await this.sendForm(payload, options);
    return { ...response, payload, triggerId, responseUrl };
  }

  /** Clicks (or picks from) an element of a message the app posted; the newest match wins. */
  async click(
    userId: string,
    target: ClickTarget,
    options?: SendOptions,
  ): Promise<InteractionResult> {
    const channel = target.channel ?? this.standIn.dmChannelOf(userId);
    const { message, ephemeral, found } = this.locate(userId, channel, target);
    const triggerId = this.standIn.mintTriggerId(userId);
    const responseUrl = this.standIn.mintResponseUrl(userId, {
      kind: "message",
      channel,
      messageTs: message.ts,
      ephemeral,
    });
    const payload = blockActionsPayload({
      user: this.user(userId),
      actionId: target.actionId,
      action: actionFor(found.element, found.blockId, target.selectedValue),
      message: ephemeral ? { ts: message.ts } : publicMessage(message as StoredMessage),
      isEphemeral: ephemeral,
      channel: { id: channel, name: this.standIn.workspace.channelName(channel) },
      responseUrl,
      triggerId,
      context: this.context,
    });
    const response = await this.sendInteraction(payload, options);
    return { ...response, payload, triggerId, responseUrl };
  }

  private locate(userId: string, channel: string, target: ClickTarget) {
    const posted = this.standIn.messagesIn(channel);
    const ephemerals = this.standIn
      .ephemeralsFor(userId)
      .filter((message) => message.channel === channel);
    const candidates = [
      ...posted.map((message) => ({ message, ephemeral: false })),
      ...ephemerals.map((message) => ({ message, ephemeral: true })),
    ]
      .filter(({ message }) => target.messageTs === undefined || message.ts === target.messageTs)
      .sort((a, b) => Number(b.message.ts) - Number(a.message.ts));
    for (const candidate of candidates) {
      const found = findElement(candidate.message.blocks, target);
      if (found) return { ...candidate, found };
    }
    const seen = candidates.map((c) => `${c.message.ts}: [${actionIdsIn(c.message.blocks)}]`);
    throw new Error(
      `No message in ${channel} has an element ${JSON.stringify(target)}. Messages: ${seen.join("; ") || "none"}`,
    );
  }

  private openView(userId: string, view: { id: unknown }): StoredView {
    const current = this.standIn.workspace.findView(String(view.id));
    if (!current || current.userId !== userId) {
      throw new Error(`View ${view.id} is not open for ${userId}`);
    }
    return current;
  }

  /**
   * Uses an element inside an open modal (or the App Home tab). `answers` are inputs the user has
   * filled in but not submitted yet; Slack includes them in the view's state.
   */
  async clickInModal(
    userId: string,
    view: { id: unknown },
    target: { actionId: string; blockId?: string; selectedValue?: Answer; answers?: Answers },
    options?: SendOptions,
  ): Promise<InteractionResult> {
    const current = this.openView(userId, view);
    const found = findElement(current.blocks, target);
    if (!found) {
      throw new Error(`View ${current.id} has no element ${JSON.stringify(target)}`);
    }
    if (found.block.type === "input" && found.block.dispatch_action !== true) {
      throw new Error(
        `Slack sends no block_actions for ${target.actionId}: its input block lacks dispatch_action`,
      );
    }
    const action = actionFor(found.element, found.blockId, target.selectedValue);
    if (target.answers) current.state = { values: fillView(current, target.answers) };
    if (target.selectedValue !== undefined) {
      const where = `block ${found.blockId}`;
      const state = elementState(found.element, target.selectedValue, where);
      current.state.values[found.blockId] = {
        ...current.state.values[found.blockId],
        [found.element.action_id as string]: state,
      };
    }
    const triggerId = this.standIn.mintTriggerId(userId);
    const payload = blockActionsPayload({
      user: this.user(userId),
      actionId: target.actionId,
      action,
      view: publicView(current),
      triggerId,
      context: this.context,
    });
    const response = await this.sendInteraction(payload, options);
    return { ...response, payload, triggerId };
  }

  /**
   * Fills in and submits the user's top modal, then applies the app's ack the way Slack would.
   * Throws when Slack's client would not let the user submit (unless skipClientChecks).
   */
  async submit(
    userId: string,
    view: { id: unknown },
    answers: Answers = {},
    options: SendOptions & { skipClientChecks?: boolean } = {},
  ): Promise<SubmitResult> {
    const current = this.openView(userId, view);
    if (this.standIn.currentModal(userId) !== current) {
      throw new Error(`View ${current.id} is not ${userId}'s top modal, so it cannot be submitted`);
    }
    const values = fillView(current, answers);
    const problems = clientSideProblems(current, values);
    if (problems.length > 0 && !options.skipClientChecks) {
      throw new Error(`Slack would not let ${userId} submit:\n${problems.join("\n")}`);
    }
    current.state = { values };
    const triggerId = this.standIn.mintTriggerId(userId);
    const payload = viewSubmissionPayload({
      user: this.user(userId),
      view: publicView(current),
      triggerId,
      context: this.context,
    });
    const response = await this.sendInteraction(payload, options);
    const outcome =
      response.status === 200
        ? applyViewSubmissionAck(this.standIn.workspace, current, response.body)
        : undefined;
    return { ...response, payload, triggerId, outcome };
  }

  /** The user dismisses the top modal; Slack tells the app only if notify_on_close is set. */
  async closeModal(
    userId: string,
    view: { id: unknown },
    options?: SendOptions,
  ): Promise<AppResponse | undefined> {
    const current = this.openView(userId, view);
    const notify = current.notify_on_close === true;
    const clear = current.clear_on_close === true;
    closeModal(this.standIn.workspace, userId, { all: clear });
    if (!notify) return undefined;
    const payload = viewClosedPayload({
      user: this.user(userId),
      view: publicView(current),
      isCleared: clear,
      context: this.context,
    });
    return this.sendInteraction(payload, options);
  }

  event(event: Json, options: SendOptions & EventOptions = {}): Promise<AppResponse> {
    const callback = eventCallback(event, { ...options, context: this.context });
    return this.sendEventCallback(callback, options);
  }

  appHomeOpened(userId: string, options?: SendOptions & EventOptions): Promise<AppResponse> {
    this.user(userId);
    const home = this.standIn.homeOf(userId);
    const event = appHomeOpenedEvent(userId, {
      channel: this.standIn.dmChannelOf(userId),
      view: home ? publicView(home) : undefined,
    });
    return this.event(event, options);
  }

  /**
   * Slack tells the app a workflow reached its step: `event` is what standIn.executeFunction
   * returned, sent over HTTP as an event_callback.
   */
  functionExecuted(event: Json, options: SendOptions & EventOptions = {}): Promise<AppResponse> {
    return this.event(checkFunctionExecuted(event), options);
  }

  /** The same delivery as a Socket Mode events_api envelope, for socket.send. */
  functionExecutedEnvelope(
    event: Json,
    options: EventOptions & { retryAttempt?: number; retryReason?: string } = {},
  ): Envelope {
    const callback = eventCallback(checkFunctionExecuted(event), {
      ...options,
      context: this.context,
    });
    return eventsApiEnvelope(callback, options);
  }

  /** Delivers the event over Socket Mode and resolves with the app's ack. */
  functionExecutedOverSocket(
    socket: SocketStandIn,
    event: Json,
    options: EventOptions = {},
  ): Promise<Ack> {
    return socket.send(this.functionExecutedEnvelope(event, options));
  }
}

function checkFunctionExecuted(event: Json): Json {
  if (event.type !== "function_executed" || typeof event.function_execution_id !== "string") {
    throw new Error("Pass the event standIn.executeFunction returned");
  }
  return event;
}
