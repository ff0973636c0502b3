import type { Naming } from "../requests/directory.ts";
import { describePrincipals as describeNamed } from "../requests/rules.ts";

/** Slack user group ids start with S (users with U or W, channels with C or G). */
export function isSlackGroup(id: string): boolean {
  return id.startsWith("S");
}

/** A user or user group as Slack renders it in mrkdwn: `<@U…>` or `<!subteam^S…>`. */
export function slackMention(id: string): string {
  return isSlackGroup(id) ? `<!subteam^${id}>` : `<@${id}>`;
}

/** How the core names people and groups when its words are shown in Slack. */
export const slackNaming: Naming = { mention: slackMention, isGroup: isSlackGroup };

/** Users and user groups as Slack shows them: "<!subteam^S0SRE> or <@U0LEAD>". */
export function describePrincipals(ids: readonly string[], conjunction = "or"): string {
  return describeNamed(slackNaming, ids, conjunction);
}
