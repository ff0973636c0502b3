/** Answers allow-list questions; the Slack layer implements it with user groups. */
export interface Directory {
  /** True when `userId` is `entry` itself, or a member of the user group `entry` (S…). */
  isMember(userId: string, entry: string): Promise<boolean>;
}

/** A directory from a fixed map of user groups: for tests and for setups without user groups. */
export function staticDirectory(
  groups: Readonly<Record<string, readonly string[]>> = {},
): Directory {
  return {
    isMember: async (userId, entry) =>
      entry === userId || (groups[entry]?.includes(userId) ?? false),
  };
}

export async function isAllowed(
  directory: Directory,
  userId: string,
  allowList: readonly string[],
): Promise<boolean> {
  if (allowList.length === 0) return true;
  for (const entry of allowList) {
    if (await directory.isMember(userId, entry)) return true;
  }
  return false;
}
