import { ErrorCode, type WebClient } from "@slack/web-api";
import { z } from "zod";
import { describeError } from "../core/errors.ts";
import type { DeliveryLimits } from "../outbox/delivery-limits.ts";
import type { Deliver, DeliveryResult } from "../outbox/dispatcher.ts";

/** What the notifier puts in an outbox payload: a Slack message. */
export const messagePayloadSchema = z.looseObject({
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })).optional(),
});

/**
 * Slack errors that no retry can fix: the message is marked dead at once, and its recipient
 * counts as not reached (the maker is told). Once the cause is fixed (a token, a scope, a
 * channel), `npm run audit -- outbox --retry` sends dead messages again.
 */
const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "msg_too_long",
  "no_text",
  "user_not_found",
  "user_disabled",
  "account_inactive",
  "cannot_dm_bot",
  "restricted_action",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "no_permission",
  "not_allowed_token_type",
  "team_access_not_granted",
  "ekm_access_denied",
  // functions.completeSuccess: the workflow run was stopped or deleted, or the outputs do not
  // fit the manifest. The step cannot be completed by retrying.
  "function_execution_not_found",
  "execution_not_in_running_state",
  "parameter_validation_failed",
]);
/** The message to edit is gone (deleted in Slack): post it again. */
const GONE_ERRORS = new Set(["message_not_found", "cant_update_message"]);

/**
 * Slack's published limits for the two calls below (docs.slack.dev/apis/web-api/rate-limits,
 * "per API method per app per workspace"), which the dispatcher waits for before each call:
 * - chat.postMessage: "1 per second per channel, short bursts >1 allowed", plus a workspace-wide
 *   limit Slack does not publish; a Retry-After from it pauses every post, so no bucket of ours.
 * - chat.update: Tier 3, "50+ per minute, sporadic bursts are welcome": a minute's worth at once.
 */
export const slackDeliveryLimits: DeliveryLimits = {
  post: { name: "chat.postMessage", perChannel: { perSecond: 1, burst: 3 } },
  edit: { name: "chat.update", overall: { perSecond: 50 / 60, burst: 50 } },
};

/** Posts or edits outbox messages with `client`; classifies failures for the dispatcher. */
export function slackDeliverer(client: WebClient): Deliver {
  return async (message, thread) => {
    const payload = messagePayloadSchema.safeParse(message.payload);
    if (!payload.success) {
      return { ok: false, permanent: true, error: `malformed payload: ${payload.error.message}` };
    }
    const { text, blocks } = payload.data;
    try {
      if (message.channel && message.ts) {
        await client.chat.update({ channel: message.channel, ts: message.ts, text, blocks });
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      const posted = await client.chat.postMessage({
        channel: message.recipient,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(thread ? { thread_ts: thread.ts } : {}),
      });
      if (!posted.channel || !posted.ts) {
        return { ok: false, error: "Slack did not say where it posted the message" };
      }
      return { ok: true, channel: posted.channel, ts: posted.ts };
    } catch (error) {
      return classifySlackError(error);
    }
  };
}

/** A Web API failure as the dispatcher needs it: retry when, give up, or post anew. */
export function classifySlackError(error: unknown): DeliveryResult {
  const code = (error as { code?: unknown }).code;
  if (code === ErrorCode.RateLimitedError) {
    const seconds = Number((error as { retryAfter?: unknown }).retryAfter);
    return {
      ok: false,
      error: "ratelimited",
      retryAfterMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000,
    };
  }
  if (code === ErrorCode.PlatformError) {
    const slackError = String((error as { data?: { error?: unknown } }).data?.error);
    return {
      ok: false,
      error: slackError,
      permanent: PERMANENT_ERRORS.has(slackError),
      gone: GONE_ERRORS.has(slackError),
    };
  }
  return { ok: false, error: describeError(error) };
}
