import { randomUUID } from "node:crypto";
import { z } from "zod";
import { describeError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";

const withResponseUrl = z.looseObject({ response_url: z.url() });
const withResponseUrls = z.looseObject({
  response_urls: z.array(z.looseObject({ response_url: z.url() })).min(1),
});

export const UNEXPECTED_ERROR_TEXT =
  "Something went wrong on our side, so that was not done. Nothing was changed: try again in a moment.";

/**
 * The one place unexpected errors end: logged with a reference, and the person who clicked or
 * typed is told (through the response URL Slack gave us) instead of being left waiting.
 */
export function errorReplier(logger: Logger, fetchFn: typeof fetch) {
  return async (error: unknown, body: unknown): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    logger.error(`unexpected error (ref ${reference}): ${describeError(error)}`, {
      ref: reference,
      err: error,
    });
    const url = responseUrl(body);
    if (!url) return;
    try {
      await fetchFn(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          response_type: "ephemeral",
          replace_original: false,
          text: `${UNEXPECTED_ERROR_TEXT} (ref ${reference})`,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (replyError) {
      logger.error(`could not tell the user about ref ${reference}: ${describeError(replyError)}`, {
        ref: reference,
      });
    }
  };
}

function responseUrl(body: unknown): string | undefined {
  const single = withResponseUrl.safeParse(body);
  if (single.success) return single.data.response_url;
  const many = withResponseUrls.safeParse(body);
  return many.success ? many.data.response_urls[0]?.response_url : undefined;
}
