import type { WebClient } from "@slack/web-api";
import type { Clock } from "../core/clock.ts";
import type { Directory, MembershipCheck, PersonStatus } from "../requests/directory.ts";
import { isSlackGroup, slackMention } from "./mentions.ts";

const TTL_MS = 5 * 60_000;

interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * People and user groups as Slack knows them, cached for a few minutes so a busy form does not
 * call users.info on every submission. A lookup Slack cannot answer returns null ("cannot
 * tell") and is not cached, so a short outage never blocks anyone for long.
 */
export class SlackDirectory implements Directory {
  readonly #client: WebClient;
  readonly #clock: Clock;
  readonly #people = new Map<string, Cached<PersonStatus>>();
  readonly #groups = new Map<string, Cached<readonly string[]>>();
  readonly #names = new Map<string, Cached<string>>();

  constructor(client: WebClient, clock: Clock) {
    this.#client = client;
    this.#clock = clock;
  }

  async isMember(userId: string, entry: string, check: MembershipCheck = {}): Promise<boolean> {
    if (entry === userId) return true;
    if (!isSlackGroup(entry)) return false;
    const members = await this.#members(entry, check.fresh ?? false);
    return members.includes(userId);
  }

  async statusOf(userId: string): Promise<PersonStatus | null> {
    const cached = this.#fresh(this.#people.get(userId));
    if (cached) return cached;
    try {
      const { user } = await this.#client.users.info({ user: userId });
      const status: PersonStatus = !user
        ? "unknown"
        : user.deleted
          ? "deactivated"
          : user.is_bot || user.id === "USLACKBOT"
            ? "bot"
            : "active";
      this.#remember(this.#people, userId, status);
      return status;
    } catch (error) {
      if (slackError(error) === "user_not_found") {
        this.#remember(this.#people, userId, "unknown");
        return "unknown";
      }
      return null;
    }
  }

  async nameOf(id: string): Promise<string | null> {
    const cached = this.#fresh(this.#names.get(id));
    if (cached) return cached;
    try {
      if (isSlackGroup(id)) {
        const { usergroups } = await this.#client.usergroups.list({ include_disabled: false });
        for (const group of usergroups ?? []) {
          if (group.id && group.handle) this.#remember(this.#names, group.id, `@${group.handle}`);
        }
      } else {
        const { user } = await this.#client.users.info({ user: id });
        // The real name ("Dana Lee") reads better in a refusal than a handle ("dana.lee").
        const name =
          user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name;
        if (name) this.#remember(this.#names, id, name);
      }
    } catch {
      // A name is a nicety in a message; without one the id is shown.
    }
    return this.#fresh(this.#names.get(id)) ?? null;
  }

  membersOf(groupId: string): Promise<readonly string[]> {
    return this.#members(groupId);
  }

  mention(id: string): string {
    return slackMention(id);
  }

  isGroup(id: string): boolean {
    return isSlackGroup(id);
  }

  /** `ask`: ask Slack even when a remembered answer is fresh (a right about to be used). */
  async #members(group: string, ask = false): Promise<readonly string[]> {
    const cached = ask ? undefined : this.#fresh(this.#groups.get(group));
    if (cached) return cached;
    // An allow-list is never widened by an outage: a failed lookup is an error, not a yes.
    const { users } = await this.#client.usergroups.users.list({ usergroup: group });
    const members = users ?? [];
    this.#remember(this.#groups, group, members);
    return members;
  }

  #fresh<T>(entry: Cached<T> | undefined): T | undefined {
    return entry && entry.until > this.#clock.now().getTime() ? entry.value : undefined;
  }

  #remember<T>(map: Map<string, Cached<T>>, key: string, value: T): void {
    map.set(key, { value, until: this.#clock.now().getTime() + TTL_MS });
  }
}

export function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}
