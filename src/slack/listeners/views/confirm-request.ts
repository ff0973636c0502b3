import type { WebClient } from "@slack/web-api";
import type { RequestRecord } from "../../../requests/types.ts";
import type { SlackDeps } from "../../deps.ts";
import { slackError } from "../../slack-directory.ts";
import { renderRequestSent } from "../../views/submission-status.ts";

/** Where the maker was told their request was sent. */
export type ConfirmedIn = "channel" | "dm" | "nowhere";

/**
 * Tells the maker the request is on its way where they typed `/request`, only to them (an
 * ephemeral); in their DM when that fails (a channel the bot is not in, one since deleted) or
 * when the form had no channel (opened from Home or a shortcut).
 */
export async function confirmRequest(
  deps: Pick<SlackDeps, "actions" | "logger">,
  client: WebClient,
  request: RequestRecord,
  channelId: string | undefined,
): Promise<ConfirmedIn> {
  const message = renderRequestSent(request, deps.actions.get(request.actionId));
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: request.makerId, ...message });
      return "channel";
    } catch (error) {
      deps.logger.info(
        `confirmation of #${request.number} not shown in ${channelId} (${slackError(error) ?? String(error)}): sent to the DM`,
      );
    }
  }
  try {
    await client.chat.postMessage({ channel: request.makerId, ...message });
    return "dm";
  } catch (error) {
    deps.logger.warn(
      `confirmation of #${request.number} not sent: ${slackError(error) ?? String(error)}`,
    );
    return "nowhere";
  }
}
