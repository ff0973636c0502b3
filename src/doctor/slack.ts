import { type AuthTestResponse, WebClient, type WebClientOptions } from "@slack/web-api";
import { describeError } from "../core/errors.ts";
import { silentBoltLogger } from "../slack/bolt-logger.ts";
import { type CheckResult, failed, passed, warning } from "./check-result.ts";
import type { SlackSettings } from "./config.ts";
import { loadManifestBotScopes, MANIFEST_PATH, type RequestedScope } from "./manifest.ts";
import { type Explained, explainUnreachable, slackErrorCode } from "./slack-errors.ts";

export interface SlackCheckOptions {
  /** Merged over the doctor's own client settings (tests: a fetch, a shorter timeout). */
  readonly clientOptions?: WebClientOptions;
  /** The manifest whose bot scopes the token must have. */
  readonly manifestFile?: string;
}

const TIMEOUT_MS = 5_000;

/**
 * Asks Slack about the tokens the way the bot will use them: `auth.test` for the bot token (the
 * answer's x-oauth-scopes header lists what it was granted) and, in Socket Mode,
 * `apps.connections.open` for the app-level token, which only hands out a URL: no socket opens.
 */
export async function checkSlack(
  settings: SlackSettings,
  options: SlackCheckOptions = {},
): Promise<CheckResult[]> {
  const client = (token: string) =>
    new WebClient(token, {
      slackApiUrl: settings.apiUrl,
      timeout: TIMEOUT_MS,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      // The client would print Slack's errors itself; here they become check results.
      logger: silentBoltLogger,
      ...options.clientOptions,
    });
  const timeoutMs = options.clientOptions?.timeout ?? TIMEOUT_MS;
  const bot = checkBotToken(
    client(settings.botToken),
    settings.apiUrl,
    timeoutMs,
    options.manifestFile,
  );
  const app =
    settings.appToken === undefined
      ? []
      : [await checkAppToken(client(settings.appToken), settings.apiUrl, timeoutMs)];
  return [...(await bot), ...app];
}

async function checkBotToken(
  client: WebClient,
  apiUrl: string,
  timeoutMs: number,
  manifestFile: string = MANIFEST_PATH,
): Promise<CheckResult[]> {
  let auth: AuthTestResponse;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const code = slackErrorCode(error);
    const explained = code ? botTokenRefusal(code) : explainUnreachable(error, apiUrl, timeoutMs);
    return [failed(`Slack bot token: ${explained.problem}`, { fix: explained.fix })];
  }
  if (!auth.bot_id) {
    const explained = notABotToken("no bot_id");
    return [failed(`Slack bot token: ${explained.problem}`, { fix: explained.fix })];
  }
  const workspace = auth.url ? ` (${new URL(auth.url).host})` : "";
  return [
    passed(`Slack bot token: @${auth.user} (${auth.user_id}) in ${auth.team}${workspace}`),
    await checkScopes(auth.response_metadata?.scopes, manifestFile),
  ];
}

async function checkScopes(
  granted: readonly string[] | undefined,
  manifestFile: string,
): Promise<CheckResult> {
  let requested: RequestedScope[];
  try {
    requested = await loadManifestBotScopes(manifestFile);
  } catch (error) {
    return warning(
      `Slack scopes: not checked: cannot read ${manifestFile}: ${describeError(error)}`,
    );
  }
  if (granted === undefined) {
    return warning("Slack scopes: not checked: Slack's answer did not list the token's scopes");
  }
  const missing = requested.filter((scope) => !granted.includes(scope.name));
  if (missing.length === 0) {
    return passed(`Slack scopes: ${requested.map((scope) => scope.name).join(", ")}`);
  }
  const names = missing.map((scope) => scope.name).join(", ");
  return failed(`Slack scopes: the bot token lacks ${names}`, {
    detail: missing
      .map((scope) => `${scope.name}${scope.purpose ? `: ${scope.purpose}` : ""}`)
      .join("\n"),
    fix: `In the app's settings (https://api.slack.com/apps), OAuth & Permissions → Scopes → Bot Token Scopes, add ${names}; then reinstall the app to the workspace (the page offers it) and copy the Bot User OAuth Token into SLACK_BOT_TOKEN if it changed.`,
  });
}

async function checkAppToken(
  client: WebClient,
  apiUrl: string,
  timeoutMs: number,
): Promise<CheckResult> {
  try {
    await client.apps.connections.open();
    return passed("Slack app-level token: may open Socket Mode connections (connections:write)");
  } catch (error) {
    const code = slackErrorCode(error);
    const explained = code ? appTokenRefusal(code) : explainUnreachable(error, apiUrl, timeoutMs);
    return failed(`Slack app-level token: ${explained.problem}`, { fix: explained.fix });
  }
}

const BOT_TOKEN_SOURCE = "the Bot User OAuth Token (xoxb-…) from OAuth & Permissions";

function botTokenRefusal(code: string): Explained {
  switch (code) {
    case "invalid_auth":
      return {
        problem:
          "Slack does not accept SLACK_BOT_TOKEN (invalid_auth): it is mistyped, or no longer valid",
        fix: `Copy ${BOT_TOKEN_SOURCE} into SLACK_BOT_TOKEN again. A token stops working when it is revoked or the app is removed from the workspace.`,
      };
    case "not_authed":
      return {
        problem: "No token reached Slack (not_authed)",
        fix: `Set SLACK_BOT_TOKEN to ${BOT_TOKEN_SOURCE}.`,
      };
    case "account_inactive":
    case "token_revoked":
      return {
        problem: `Slack says SLACK_BOT_TOKEN was revoked, or its app removed from the workspace (${code})`,
        fix: `Install the app to the workspace again (OAuth & Permissions → Install to Workspace) and copy the new Bot User OAuth Token into SLACK_BOT_TOKEN.`,
      };
    case "token_expired":
      return {
        problem: "SLACK_BOT_TOKEN has expired (token_expired): the app has token rotation on",
        fix: "Turn token rotation off (manifest.yml sets token_rotation_enabled: false), reinstall the app and copy its new token into SLACK_BOT_TOKEN.",
      };
    case "not_allowed_token_type":
      return notABotToken(code);
    default:
      return otherRefusal("auth.test", code);
  }
}

const NEW_APP_TOKEN =
  "In Basic Information → App-Level Tokens, generate a token with the connections:write scope and set it as SLACK_APP_TOKEN (xapp-…).";

function appTokenRefusal(code: string): Explained {
  switch (code) {
    case "missing_scope":
      return {
        problem: "SLACK_APP_TOKEN lacks the connections:write scope (missing_scope)",
        fix: NEW_APP_TOKEN,
      };
    case "invalid_auth":
    case "not_authed":
    case "account_inactive":
    case "token_revoked":
      return {
        problem: `Slack does not accept SLACK_APP_TOKEN (${code})`,
        fix: `${NEW_APP_TOKEN} The token needs connections:write.`,
      };
    case "not_allowed_token_type":
      return {
        problem: "SLACK_APP_TOKEN is not an app-level token (not_allowed_token_type)",
        fix: NEW_APP_TOKEN,
      };
    case "socket_mode_not_enabled":
      return {
        problem: "Socket Mode is off for this app (socket_mode_not_enabled)",
        fix: "Turn Socket Mode on in the app's settings (Settings → Socket Mode), or leave SLACK_APP_TOKEN unset to run in HTTP mode.",
      };
    default:
      return otherRefusal("apps.connections.open", code);
  }
}

function notABotToken(code: string): Explained {
  return {
    problem: `SLACK_BOT_TOKEN is not a bot token (${code})`,
    fix: `Use ${BOT_TOKEN_SOURCE}, not a user or app-level token.`,
  };
}

function otherRefusal(method: string, code: string): Explained {
  return {
    problem: `Slack refused ${method} (${code})`,
    fix: `See https://api.slack.com/methods/${method} for what "${code}" means.`,
  };
}
