/** The Web API methods the stand-in answers, with Slack's success shapes and error codes. */
import { ApiError } from "./api-error.ts";
import { checkCall } from "./api-spec.ts";
import { validateMessage, validateView } from "./block-kit-rules.ts";
import {
  type FunctionExecution,
  FunctionExecutionError,
  type FunctionExecutions,
} from "./function-executions.ts";
import type { TriggerBook } from "./triggers.ts";
import {
  openModal,
  publicView,
  publishHome,
  pushModal,
  updateView,
  ViewError,
} from "./view-store.ts";
import { publicMessage, slackUser, type Workspace, withGeneratedIds } from "./workspace.ts";

type Json = Record<string, unknown>;

export { ApiError } from "./api-error.ts";

export interface MethodContext {
  ws: Workspace;
  triggers: TriggerBook;
  functions: FunctionExecutions;
  /** A just-in-time workflow token (xwfp-…) counts as a bot token. */
  tokenKind: "bot" | "user" | "app";
  /** For an xwfp- token: the execution it was minted for. */
  workflowToken: FunctionExecution | undefined;
  socketUrl: string | undefined;
}

type Method = (args: Json, ctx: MethodContext) => Json;

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function flag(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === 1;
}

/** Maps Block Kit problems onto the error codes chat.* methods answer with. */
export function checkMessageContent(args: Json): void {
  const problems = validateMessage(args);
  if (problems.length === 0) return;
  const has = (text: string) => problems.some((p) => p.includes(text));
  if (has("must be valid JSON")) throw new ApiError("invalid_blocks_format");
  if (has("needs text or blocks")) throw new ApiError("no_text");
  if (problems.every((p) => p.endsWith("[json-pointer:/text]"))) {
    throw new ApiError("msg_too_long");
  }
  throw new ApiError("invalid_blocks", {
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

function checkView(view: unknown): Json {
  const problems = validateView(view);
  if (problems.length > 0) {
    throw new ApiError("invalid_arguments", {
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return view as Json;
}

/** A user id posts to that user's DM with the bot; Slack answers with the D… id. */
function resolveTarget(ws: Workspace, channel: unknown): string {
  const id = str(channel);
  if (!id) throw new ApiError("channel_not_found");
  if (/^[UW]/.test(id)) {
    const user = ws.users.get(id);
    if (!user) throw new ApiError("channel_not_found");
    if (user.isBot) throw new ApiError("cannot_dm_bot");
    return ws.dmChannel(id);
  }
  if (!ws.isKnownChannel(id)) throw new ApiError("channel_not_found");
  return id;
}

function exchangeTrigger(ctx: MethodContext, triggerId: unknown): string {
  const result = ctx.triggers.exchange(triggerId);
  if ("error" in result) throw new ApiError(result.error);
  return result.userId;
}

function withViewErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ViewError) throw new ApiError(error.code);
    throw error;
  }
}

function checkHash(current: { hash: string } | undefined, hash: unknown): void {
  if (str(hash) && current && current.hash !== hash) throw new ApiError("hash_conflict");
}

const chat: Record<string, Method> = {
  "chat.postMessage"(args, { ws }) {
    checkMessageContent(args);
    const channel = resolveTarget(ws, args.channel);
    const message = ws.postMessage(channel, args);
    return { channel, ts: message.ts, message: publicMessage(message) };
  },
  "chat.update"(args, { ws }) {
    const channel = str(args.channel);
    if (channel && /^[UW]/.test(channel)) throw new ApiError("cant_update_message");
    if (!channel || !ws.isKnownChannel(channel)) throw new ApiError("channel_not_found");
    const message = ws.findMessage(channel, String(args.ts ?? ""));
    if (!message) throw new ApiError("message_not_found");
    checkMessageContent({ text: message.text, ...args });
    ws.updateMessage(message, args);
    return { channel, ts: message.ts, text: message.text, message: publicMessage(message) };
  },
  "chat.delete"(args, { ws }) {
    const channel = str(args.channel);
    if (!channel || !ws.isKnownChannel(channel)) throw new ApiError("channel_not_found");
    if (!ws.deleteMessage(channel, String(args.ts ?? ""))) {
      throw new ApiError("message_not_found");
    }
    return { channel, ts: args.ts };
  },
  "chat.postEphemeral"(args, { ws }) {
    checkMessageContent(args);
    const user = str(args.user);
    if (!user || !ws.users.has(user)) throw new ApiError("user_not_in_channel");
    const channel = resolveTarget(ws, args.channel);
    const ts = ws.nextTs();
    ws.ephemerals.push({
      channel,
      user,
      ts,
      text: typeof args.text === "string" ? args.text : "",
      blocks: withGeneratedIds(args.blocks),
      via: "chat.postEphemeral",
    });
    return { message_ts: ts };
  },
  "chat.getPermalink"(args, { ws }) {
    const channel = str(args.channel);
    if (!channel || !ws.isKnownChannel(channel)) throw new ApiError("channel_not_found");
    const message = ws.findMessage(channel, String(args.message_ts ?? ""));
    if (!message) throw new ApiError("message_not_found");
    const path = `archives/${channel}/p${message.ts.replace(".", "")}`;
    return { channel, permalink: `https://${ws.identity.teamDomain}.slack.com/${path}` };
  },
};

const conversations: Record<string, Method> = {
  "conversations.open"(args, { ws }) {
    const channel = str(args.channel);
    if (channel) {
      if (!ws.dmUser(channel)) throw new ApiError("channel_not_found");
      return { no_op: true, already_open: true, channel: { id: channel } };
    }
    const users = (str(args.users) ?? "").split(",").filter(Boolean);
    if (users.length === 0) throw new ApiError("users_list_not_supplied");
    if (users.length > 1) throw new ApiError("method_not_supported_for_channel_type");
    const userId = users[0] as string;
    const user = ws.users.get(userId);
    if (!user) throw new ApiError("user_not_found");
    if (user.deleted) throw new ApiError("user_disabled");
    const id = ws.dmChannel(userId);
    const summary = flag(args.return_im)
      ? { id, created: 1_700_000_000, is_im: true, is_org_shared: false, user: userId }
      : { id };
    return { no_op: true, already_open: true, channel: summary };
  },
};

const people: Record<string, Method> = {
  "users.info"(args, { ws }) {
    const user = ws.users.get(String(args.user ?? ""));
    if (!user) throw new ApiError("user_not_found");
    return { user: slackUser(user, ws.identity.teamId) };
  },
  "users.lookupByEmail"(args, { ws }) {
    const found = [...ws.users.values()].find(
      (user) => (user.email ?? `${user.name}@example.com`) === args.email,
    );
    if (!found || found.isBot) throw new ApiError("users_not_found");
    return { user: slackUser(found, ws.identity.teamId) };
  },
  "usergroups.list"(_args, { ws }) {
    return {
      usergroups: [...ws.userGroups.keys()].map((id) => ({
        id,
        team_id: ws.identity.teamId,
        handle: ws.userGroupHandles.get(id) ?? id.toLowerCase(),
        name: ws.userGroupHandles.get(id) ?? id,
      })),
    };
  },
  "usergroups.users.list"(args, { ws }) {
    const members = ws.userGroups.get(String(args.usergroup ?? ""));
    if (!members) throw new ApiError("no_such_subteam");
    return { users: [...members] };
  },
};

const views: Record<string, Method> = {
  "views.open"(args, ctx) {
    const view = checkView(args.view);
    if (view.type !== "modal") throw new ApiError("invalid_arguments");
    const userId = exchangeTrigger(ctx, args.trigger_id);
    return { view: publicView(openModal(ctx.ws, userId, view)) };
  },
  "views.push"(args, ctx) {
    const view = checkView(args.view);
    if (view.type !== "modal") throw new ApiError("invalid_arguments");
    const userId = exchangeTrigger(ctx, args.trigger_id);
    return { view: publicView(withViewErrors(() => pushModal(ctx.ws, userId, view))) };
  },
  "views.update"(args, { ws }) {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (!viewId && !externalId) throw new ApiError("invalid_arguments");
    const view = checkView(args.view);
    const current = viewId ? ws.findView(viewId) : ws.findViewByExternalId(externalId as string);
    if (!current) throw new ApiError("not_found");
    checkHash(current, args.hash);
    return { view: publicView(withViewErrors(() => updateView(ws, current, view))) };
  },
  "views.publish"(args, { ws }) {
    const userId = str(args.user_id);
    if (!userId) throw new ApiError("invalid_arguments");
    const view = checkView(args.view);
    if (view.type !== "home") throw new ApiError("invalid_arguments");
    checkHash(ws.homes.get(userId), args.hash);
    return { view: publicView(publishHome(ws, userId, view)) };
  },
};

const platform: Record<string, Method> = {
  "auth.test"(_args, ctx) {
    const { teamDomain, teamId, botUserId, botId } = ctx.ws.identity;
    return {
      url: `https://${teamDomain}.slack.com/`,
      team: "Four Eyes Test",
      user: ctx.ws.users.get(botUserId)?.name ?? "four-eyes",
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    };
  },
  "apps.connections.open"(_args, ctx) {
    if (!ctx.socketUrl) throw new ApiError("socket_mode_not_enabled");
    const url = new URL(ctx.socketUrl);
    url.searchParams.set("ticket", crypto.randomUUID());
    url.searchParams.set("app_id", ctx.ws.identity.appId);
    return { url: url.toString() };
  },
};

function completeFunction(
  args: Json,
  ctx: MethodContext,
  result: { outputs: unknown } | { error: string },
): Json {
  try {
    ctx.functions.complete(String(args.function_execution_id), ctx.workflowToken, result);
  } catch (error) {
    if (!(error instanceof FunctionExecutionError)) throw error;
    const messages = error.messages.map((message) => `[ERROR] ${message}`);
    throw new ApiError(error.code, messages.length > 0 ? { response_metadata: { messages } } : {});
  }
  return {};
}

/** Custom workflow steps (api.slack.com/methods/functions.completeSuccess, …completeError). */
const functions: Record<string, Method> = {
  "functions.completeSuccess"(args, ctx) {
    return completeFunction(args, ctx, { outputs: args.outputs });
  },
  "functions.completeError"(args, ctx) {
    return completeFunction(args, ctx, { error: String(args.error) });
  },
};

export const METHODS: Record<string, Method> = {
  ...chat,
  ...conversations,
  ...people,
  ...views,
  ...platform,
  ...functions,
};

/**
 * Checks the call against Slack's description of the method first (spec/, see api-spec.ts): an
 * unknown method, a token of the wrong kind or a missing argument never reaches the method.
 */
export function runMethod(method: string, args: Json, ctx: MethodContext): Json {
  checkCall(method, args, ctx.tokenKind);
  const run = METHODS[method];
  if (!run) throw new Error(`spec/ describes ${method} but the stand-in does not implement it`);
  return { ok: true, ...run(args, ctx) };
}
