import { WebClient } from "@slack/web-api";
import { silentBoltLogger } from "../../../src/slack/bolt-logger.ts";
import type { SlackStandIn } from "./stand-in.ts";

/** A Web API client to `standIn` with `token`: no retries, no logs (errors are provoked). */
export function standInClient(standIn: SlackStandIn, token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentBoltLogger,
  });
}

interface CallFailure {
  data: { error: string; response_metadata?: { messages?: string[] } };
}

/** What Slack answered to a call that must fail. */
export async function failure(call: Promise<unknown>): Promise<CallFailure["data"]> {
  try {
    await call;
  } catch (error) {
    return (error as CallFailure).data;
  }
  throw new Error("expected the call to fail");
}
