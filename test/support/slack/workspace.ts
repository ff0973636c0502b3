/** The stand-in's picture of a Slack workspace: people, conversations, messages and open views. */
import { isObject } from "./block-kit-elements.ts";
import { generatedId, slackId, tsClock } from "./ids.ts";

type Json = Record<string, unknown>;

export interface UserSpec {
  id: string;
  name: string;
  realName?: string;
  isBot?: boolean;
  deleted?: boolean;
  isAdmin?: boolean;
  email?: string;
  tz?: string;
}

export interface StoredMessage {
  type: "message";
  channel: string;
  ts: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  edited?: { user: string; ts: string };
  /** Earlier contents, oldest first, so tests can check what a message said before an update. */
  revisions: Json[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: Json[];
  via: "chat.postEphemeral" | "response_url";
}

/** A view as Slack returns it (id, hash, state, …) plus whom it is shown to. */
export type StoredView = Json & {
  id: string;
  type: "modal" | "home";
  hash: string;
  userId: string;
  state: { values: Record<string, Record<string, Json>> };
};

export interface Identity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
}

/** Shape of `users.info`'s `user`, trimmed to the fields apps read. */
export function slackUser(spec: UserSpec, teamId: string): Json {
  const realName = spec.realName ?? spec.name;
  return {
    id: spec.id,
    team_id: teamId,
    name: spec.name,
    deleted: spec.deleted ?? false,
    color: "9f69e7",
    real_name: realName,
    tz: spec.tz ?? "Europe/London",
    tz_label: "Greenwich Mean Time",
    tz_offset: 0,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: spec.name,
      display_name_normalized: spec.name,
      email: spec.email ?? (spec.isBot ? undefined : `${spec.name}@example.com`),
      team: teamId,
    },
    is_admin: spec.isAdmin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: spec.isBot ?? false,
    is_app_user: false,
    updated: 1_700_000_000,
  };
}

/** Slack fills in block_id and action_id when an app leaves them out; state is keyed by them. */
export function withGeneratedIds(blocks: unknown): Json[] | undefined {
  if (!Array.isArray(blocks)) return undefined;
  return blocks.map((raw) => {
    const block: Json = structuredClone(isObject(raw) ? raw : {});
    block.block_id ??= generatedId();
    const withActionId = (element: unknown) => {
      if (isObject(element) && element.type !== "image") element.action_id ??= generatedId();
    };
    if (Array.isArray(block.elements) && block.type === "actions") {
      block.elements.forEach(withActionId);
    }
    withActionId(block.accessory);
    withActionId(block.element);
    return block;
  });
}

export class Workspace {
  readonly users = new Map<string, UserSpec>();
  readonly userGroups = new Map<string, string[]>();
  readonly userGroupHandles = new Map<string, string>();
  readonly channelNames = new Map<string, string>();
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly modalStacks = new Map<string, StoredView[]>();
  readonly homes = new Map<string, StoredView>();
  readonly nextTs = tsClock();
  private readonly dmByUser = new Map<string, string>();
  private readonly userByDm = new Map<string, string>();

  constructor(readonly identity: Identity) {}

  /** Each user's DM with the bot keeps one stable id, as in Slack. */
  dmChannel(userId: string): string {
    let channel = this.dmByUser.get(userId);
    if (!channel) {
      channel = slackId("D");
      this.dmByUser.set(userId, channel);
      this.userByDm.set(channel, userId);
    }
    return channel;
  }

  dmUser(channel: string): string | undefined {
    return this.userByDm.get(channel);
  }

  isKnownChannel(channel: string): boolean {
    return /^[CG][A-Z0-9]{2,}$/.test(channel) || this.userByDm.has(channel);
  }

  channelName(channel: string): string {
    if (this.userByDm.has(channel)) return "directmessage";
    return this.channelNames.get(channel) ?? channel.toLowerCase();
  }

  messagesIn(channel: string): StoredMessage[] {
    let list = this.messages.get(channel);
    if (!list) {
      list = [];
      this.messages.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((message) => message.ts === ts);
  }

  deleteMessage(channel: string, ts: string): boolean {
    const list = this.messages.get(channel);
    const index = list?.findIndex((message) => message.ts === ts) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    return true;
  }

  postMessage(channel: string, content: Json): StoredMessage {
    const { appId, botId, botUserId, teamId } = this.identity;
    const message: StoredMessage = {
      type: "message",
      channel,
      ts: this.nextTs(),
      text: typeof content.text === "string" ? content.text : "",
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
      revisions: [],
    };
    const blocks = withGeneratedIds(content.blocks);
    if (blocks) message.blocks = blocks;
    if (Array.isArray(content.attachments)) message.attachments = content.attachments as Json[];
    if (typeof content.thread_ts === "string") message.thread_ts = content.thread_ts;
    this.messagesIn(channel).push(message);
    return message;
  }

  /** Slack keeps blocks and attachments the update leaves out; an empty array clears them. */
  updateMessage(message: StoredMessage, content: Json): void {
    message.revisions.push(publicMessage(message));
    if (typeof content.text === "string") message.text = content.text;
    if (content.blocks !== undefined) {
      const blocks = withGeneratedIds(content.blocks) ?? [];
      if (blocks.length > 0) message.blocks = blocks;
      else delete message.blocks;
    }
    if (Array.isArray(content.attachments)) message.attachments = content.attachments as Json[];
    message.edited = { user: this.identity.botUserId, ts: this.nextTs() };
  }

  allOpenViews(): StoredView[] {
    return [...[...this.modalStacks.values()].flat(), ...this.homes.values()];
  }

  findView(viewId: string): StoredView | undefined {
    return this.allOpenViews().find((view) => view.id === viewId);
  }

  findViewByExternalId(externalId: string): StoredView | undefined {
    return this.allOpenViews().find((view) => view.external_id === externalId);
  }
}

/** A stored message as Slack would show it in an API response (without stand-in bookkeeping). */
export function publicMessage(message: StoredMessage): Json {
  const { revisions: _revisions, channel: _channel, ...rest } = message;
  return structuredClone(rest);
}
