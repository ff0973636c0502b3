import {
  type Directory,
  type PersonStatus,
  staticDirectory,
} from "../../src/requests/directory.ts";
import { slackNaming } from "../../src/slack/mentions.ts";

/**
 * A static directory that names people and groups as the Slack adapter does (`<@U…>`,
 * `<!subteam^S…>`, S… ids are groups): for tests that read the core's words as Slack shows them.
 */
export function slackStyleDirectory(
  groups: Readonly<Record<string, readonly string[]>> = {},
  people: Readonly<Record<string, PersonStatus>> = {},
): Directory {
  return staticDirectory(groups, people, slackNaming);
}
