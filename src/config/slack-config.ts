import { z } from "zod";
import { type ConfigIssues, issueLines, optionalText } from "./engine-config.ts";

export const SETUP_POINTER =
  'Follow "Set up the Slack app" in README.md to create the app from manifest.yml and copy its credentials into .env.';

const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

function token(prefix: string, where: string) {
  return optionalText.refine(
    (value) => value === undefined || value.startsWith(prefix),
    `must start with "${prefix}" (${where})`,
  );
}

export const slackConfigSchema = z.object({
  SLACK_BOT_TOKEN: token("xoxb-", "OAuth & Permissions → Bot User OAuth Token"),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: token("xapp-", "Basic Information → App-Level Tokens, scope connections:write"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://slack.com/api/" })
      .optional(),
  ),
  SLACK_RATE_LIMITS: optionalText.pipe(
    z.enum(["slack", "off"], { error: "must be slack (the default) or off" }).optional(),
  ),
  AUDIT_CHANNEL: optionalText.refine(
    (value) => value === undefined || /^[CG][A-Z0-9]{2,}$/.test(value),
    "must be a channel ID such as C0123ABCD (channel details → About), not its name",
  ),
});

export interface SlackConfig {
  readonly botToken: string;
  /** Only HTTP mode verifies request signatures with it; Socket Mode needs none. */
  readonly signingSecret: string | undefined;
  readonly mode: { readonly kind: "socket"; readonly appToken: string } | HttpMode;
  /** Base URL of the Web API, ending in "/". */
  readonly apiUrl: string;
  readonly auditChannel: string | undefined;
  /**
   * `slack` (unset): the outbox waits for Slack's published rate limits before each call.
   * `off`: it calls as fast as it can and only obeys Retry-After (for stand-ins and benchmarks).
   */
  readonly outboxRateLimits?: "slack" | "off";
}

export interface HttpMode {
  readonly kind: "http";
  readonly port: number;
  readonly signingSecret: string;
}

export function parseSlackConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: SlackConfig } | { ok: false; issues: ConfigIssues; missing: string[] } {
  const parsed = slackConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error), missing: [] };
  const c = parsed.data;
  const missing = [
    ...(c.SLACK_BOT_TOKEN ? [] : ["SLACK_BOT_TOKEN"]),
    ...(c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN ? [] : ["SLACK_SIGNING_SECRET"]),
  ];
  if (!c.SLACK_BOT_TOKEN || missing.length > 0) {
    return {
      ok: false,
      missing,
      issues: missing.map((name) => `  ${name}: is required (${MISSING_HINTS[name]})`),
    };
  }
  const apiUrl = c.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
  return {
    ok: true,
    config: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET,
      mode: c.SLACK_APP_TOKEN
        ? { kind: "socket", appToken: c.SLACK_APP_TOKEN }
        : { kind: "http", port: c.PORT, signingSecret: c.SLACK_SIGNING_SECRET ?? "" },
      apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`,
      auditChannel: c.AUDIT_CHANNEL,
      outboxRateLimits: c.SLACK_RATE_LIMITS ?? "slack",
    },
  };
}

const MISSING_HINTS: Record<string, string> = {
  SLACK_BOT_TOKEN: "OAuth & Permissions → Bot User OAuth Token, xoxb-…",
  SLACK_SIGNING_SECRET:
    "Basic Information → App Credentials → Signing Secret; or set SLACK_APP_TOKEN for Socket Mode",
};
