/**
 * Pure builders for the request bodies Slack sends to an app: slash commands, interactivity
 * payloads and Events API envelopes, shaped like the real ones.
 */
import type { StateValues } from "./fill-view.ts";
import {
  DEFAULT_APP_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  slackId,
  triggerId,
  VERIFICATION_TOKEN,
} from "./ids.ts";

export { type Answer, type Answers, fillView, type StateValues } from "./fill-view.ts";

type Json = Record<string, unknown>;

export interface SlackContext {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  token: string;
}

export const DEFAULT_CONTEXT: SlackContext = {
  teamId: DEFAULT_TEAM_ID,
  teamDomain: DEFAULT_TEAM_DOMAIN,
  appId: DEFAULT_APP_ID,
  botUserId: DEFAULT_BOT_USER_ID,
  token: VERIFICATION_TOKEN,
};

/** A user id, or the id and handle Slack shows as `username`/`user_name`. */
export type PayloadUser = string | { id: string; name?: string };

interface Common {
  user: PayloadUser;
  context?: Partial<SlackContext>;
}

export interface ChannelRef {
  id: string;
  name: string;
}

function ctx(context: Partial<SlackContext> | undefined): SlackContext {
  return { ...DEFAULT_CONTEXT, ...context };
}

function userOf(user: PayloadUser, teamId: string): Json {
  const { id, name } = typeof user === "string" ? { id: user, name: undefined } : user;
  const handle = name ?? id.toLowerCase();
  return { id, username: handle, name: handle, team_id: teamId };
}

let lastTsMicros = 0;

/**
 * Slack's action_ts / event_ts: seconds with microseconds, never the same twice, as with Slack.
 * Millisecond precision would give two quick clicks by one person the same action_ts, and the
 * app's replay guard would rightly drop the second.
 */
export function nowTs(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  lastTsMicros = Math.max(lastTsMicros + 1, micros);
  const seconds = Math.floor(lastTsMicros / 1_000_000);
  return `${seconds}.${String(lastTsMicros % 1_000_000).padStart(6, "0")}`;
}

export interface SlashCommandInput extends Common {
  command?: string;
  text?: string;
  channel?: ChannelRef;
  triggerId?: string;
  responseUrl: string;
}

/** Form fields of a slash command, all strings as Slack posts them. */
export function slashCommandPayload(input: SlashCommandInput): Record<string, string> {
  const c = ctx(input.context);
  const user = userOf(input.user, c.teamId);
  const channel = input.channel ?? { id: "C0GENERAL1", name: "general" };
  return {
    token: c.token,
    team_id: c.teamId,
    team_domain: c.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id as string,
    user_name: user.name as string,
    command: input.command ?? "/request",
    text: input.text ?? "",
    api_app_id: c.appId,
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? triggerId(),
  };
}

function interactionBase(type: string, input: Common & { triggerId?: string }): Json {
  const c = ctx(input.context);
  return {
    type,
    user: userOf(input.user, c.teamId),
    api_app_id: c.appId,
    token: c.token,
    trigger_id: input.triggerId ?? triggerId(),
    team: { id: c.teamId, domain: c.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface BlockActionsInput extends Common {
  actionId: string;
  blockId?: string;
  value?: string;
  selectedOption?: Json;
  /** The whole `actions[0]` entry, for element types the shorthand fields do not cover. */
  action?: Json;
  /** A click on a message: the message as Slack shows it (with `ts`) and where it lives. */
  message?: Json;
  channel?: ChannelRef;
  isEphemeral?: boolean;
  /** A click inside a modal or App Home: the view, including its current `state`. */
  view?: Json;
  responseUrl?: string;
  triggerId?: string;
}

export function blockActionsPayload(input: BlockActionsInput): Json {
  const action: Json = input.action ?? {
    type: input.selectedOption ? "static_select" : "button",
    action_id: input.actionId,
    block_id: input.blockId ?? "actions",
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.selectedOption ? { selected_option: input.selectedOption } : {}),
    action_ts: nowTs(),
  };
  const payload = interactionBase("block_actions", input);
  if (input.view) {
    payload.container = { type: "view", view_id: input.view.id };
    payload.view = input.view;
  } else {
    const channel = input.channel ?? { id: "C0GENERAL1", name: "general" };
    const messageTs = String(input.message?.ts ?? nowTs());
    payload.container = {
      type: "message",
      message_ts: messageTs,
      channel_id: channel.id,
      is_ephemeral: input.isEphemeral ?? false,
    };
    payload.channel = channel;
    // Slack leaves the message out of clicks on ephemeral messages.
    if (input.message && !input.isEphemeral) payload.message = input.message;
    payload.state = { values: {} };
    if (input.responseUrl) payload.response_url = input.responseUrl;
  }
  payload.actions = [action];
  return payload;
}

export interface ViewSubmissionInput extends Common {
  view: Json;
  /** Replaces `view.state.values`; build it with fillView. */
  values?: StateValues;
  triggerId?: string;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Json {
  const view = structuredClone(input.view);
  if (input.values) view.state = { values: input.values };
  return {
    ...interactionBase("view_submission", input),
    view,
    response_urls: [],
  };
}

export function viewClosedPayload(input: Common & { view: Json; isCleared?: boolean }): Json {
  const { trigger_id: _triggerId, ...base } = interactionBase("view_closed", input);
  return { ...base, view: structuredClone(input.view), is_cleared: input.isCleared ?? false };
}

export interface EventOptions {
  eventId?: string;
  eventTime?: number;
  context?: Partial<SlackContext>;
}

/** The Events API envelope (`type: "event_callback"`) around one event. */
export function eventCallback(event: Json, options: EventOptions = {}): Json {
  const c = ctx(options.context);
  return {
    token: c.token,
    team_id: c.teamId,
    context_team_id: c.teamId,
    context_enterprise_id: null,
    api_app_id: c.appId,
    event: { event_ts: nowTs(), ...event },
    type: "event_callback",
    event_id: options.eventId ?? slackId("Ev"),
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: c.teamId,
        user_id: c.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ tid: c.teamId })).toString("base64url")}`,
  };
}

/** `channel` is the user's DM with the app; pass the stand-in's id so the two agree. */
export function appHomeOpenedEvent(
  user: string,
  {
    channel = `D${user.slice(1)}`,
    tab = "home",
    view,
  }: { channel?: string; tab?: string; view?: Json } = {},
): Json {
  return {
    type: "app_home_opened",
    user,
    channel,
    tab,
    event_ts: nowTs(),
    ...(view ? { view } : {}),
  };
}
