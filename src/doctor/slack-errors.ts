import { ErrorCode } from "@slack/web-api";
import { describeError } from "../core/errors.ts";
import { slackError } from "../slack/slack-directory.ts";

/** A failed Web API call, told for a person: what went wrong and what to do about it. */
export interface Explained {
  readonly problem: string;
  readonly fix: string;
}

/** Network trouble, HTTP errors and rate limits: anything before Slack could say yes or no. */
export function explainUnreachable(error: unknown, apiUrl: string, timeoutMs: number): Explained {
  const shown = withoutCredentials(apiUrl);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCode.HTTPError) {
    const status = (error as { statusCode?: number }).statusCode;
    return {
      problem: `Slack's Web API at ${shown} answered HTTP ${status}`,
      fix: "If SLACK_API_URL is set, check that it is the Web API's address (ending in /api/); otherwise Slack may be having trouble: see https://slack-status.com and try again.",
    };
  }
  if (code === ErrorCode.RateLimitedError) {
    return {
      problem: "Slack asked to slow down (rate limited)",
      fix: "Run npm run doctor again in a minute.",
    };
  }
  const host = new URL(apiUrl).host;
  return {
    problem: `Cannot reach Slack at ${shown}: ${networkReason(error, timeoutMs)}`,
    fix: `Check that this machine can reach ${host} over HTTPS (network, proxy, firewall), and SLACK_API_URL if it is set.`,
  };
}

export function slackErrorCode(error: unknown): string | undefined {
  return (error as { code?: unknown } | null)?.code === ErrorCode.PlatformError
    ? slackError(error)
    : undefined;
}

/** fetch says only "fetch failed"; the reason is in its cause. */
function networkReason(error: unknown, timeoutMs: number): string {
  const original = (error as { original?: unknown } | null)?.original ?? error;
  if ((original as { name?: unknown } | null)?.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (original as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") {
    const explained = NETWORK_CODES[cause.code];
    return explained ? `${explained} (${cause.code})` : `${describeError(cause)}`;
  }
  if (cause instanceof Error) return cause.message;
  return describeError(original);
}

const NETWORK_CODES: Record<string, string> = {
  ENOTFOUND: "cannot resolve the host name",
  EAI_AGAIN: "cannot resolve the host name (DNS did not answer)",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was cut",
  ETIMEDOUT: "no answer",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "no route to the network",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate is not trusted (a proxy inspecting TLS?)",
};

/** A URL fit to print: a proxy's user and password in it must not show. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(an unparseable URL)";
  }
}
