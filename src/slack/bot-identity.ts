import type { WebClient } from "@slack/web-api";
import { AppError, ConfigError, describeError } from "../core/errors.ts";
import { slackError } from "./slack-directory.ts";

export interface BotIdentity {
  readonly botId: string;
  readonly botUserId: string;
  readonly teamId: string | undefined;
}

const REJECTED_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);

/**
 * Asks Slack who the token belongs to, once at start-up: a wrong token stops the bot with a
 * clear message instead of failing on the first click. Bolt is then given the answer, so it
 * does not ask again per event.
 */
export async function verifyBotToken(client: WebClient, apiUrl: string): Promise<BotIdentity> {
  try {
    const auth = await client.auth.test();
    if (!auth.bot_id || !auth.user_id) {
      throw new ConfigError(
        "SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.",
      );
    }
    return { botId: auth.bot_id, botUserId: auth.user_id, teamId: auth.team_id };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = slackError(error);
    if (code && REJECTED_TOKEN.has(code)) {
      throw new ConfigError(
        `Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token from OAuth & Permissions again, and reinstall the app if it was removed.`,
      );
    }
    throw new AppError(
      "SLACK.UNREACHABLE",
      `Cannot reach Slack at ${apiUrl}: ${describeError(error)}`,
      {
        cause: error,
      },
    );
  }
}
