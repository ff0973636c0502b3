/** Whether a person can act in the workspace: only an active human can check a request. */
export type PersonStatus = "active" | "bot" | "deactivated" | "unknown";

export interface MembershipCheck {
  /**
   * Ask now rather than trust a remembered answer: a right is checked again when it is used
   * (someone removed from a group can no longer decide), not only when it was granted.
   */
  readonly fresh?: boolean;
}

/** Answers questions about people; the Slack layer implements it with users and user groups. */
export interface Directory {
  /** True when `userId` is `entry` itself, or a member of the user group `entry` (S…). */
  isMember(userId: string, entry: string, check?: MembershipCheck): Promise<boolean>;
  /** Null when the directory cannot tell right now: the rules then do not block on it. */
  statusOf(userId: string): Promise<PersonStatus | null>;
  /** The members of a user group (S…); throws when they cannot be known right now. */
  membersOf(groupId: string): Promise<readonly string[]>;
  /** A user's name or a group's @handle, for plain text; null when it cannot be told. */
  nameOf(id: string): Promise<string | null>;
  /** How a message names a person or group so that whoever reads it sees who it means. */
  mention(id: string): string;
  /** True when `id` is a user group (it stands for its members), not a person or a channel. */
  isGroup(id: string): boolean;
}

/** How a directory names people and groups in messages: the part of it the wording needs. */
export type Naming = Pick<Directory, "mention" | "isGroup">;

/**
 * A directory from fixed data: for tests and for setups without a workspace to ask. It names
 * everyone "@id" and knows the groups it was given, unless `naming` says otherwise.
 */
export function staticDirectory(
  groups: Readonly<Record<string, readonly string[]>> = {},
  people: Readonly<Record<string, PersonStatus>> = {},
  naming: Naming = {
    mention: (id) => `@${id}`,
    isGroup: (id) => Object.hasOwn(groups, id),
  },
): Directory {
  return {
    isMember: async (userId, entry) =>
      entry === userId || (groups[entry]?.includes(userId) ?? false),
    statusOf: async (userId) => people[userId] ?? "active",
    membersOf: async (groupId) => groups[groupId] ?? [],
    nameOf: async () => null,
    mention: (id) => naming.mention(id),
    isGroup: (id) => naming.isGroup(id),
  };
}

export async function isAllowed(
  directory: Directory,
  userId: string,
  allowList: readonly string[],
  check?: MembershipCheck,
): Promise<boolean> {
  if (allowList.length === 0) return true;
  for (const entry of allowList) {
    if (await directory.isMember(userId, entry, check)) return true;
  }
  return false;
}
