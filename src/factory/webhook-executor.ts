import { STATUS_CODES } from "node:http";
import { describeError } from "../core/errors.ts";
import type { JsonObject, JsonValue } from "../core/json.ts";
import type { ExecutionContext, ExecutionOutcome, ExecutionRequest } from "./types.ts";
import { SIGNATURE_HEADER, signDelivery, unixSeconds } from "./webhook-signature.ts";

export interface WebhookConfig {
  readonly url: string;
  /** The HMAC key itself (already read from the environment), never its variable name. */
  readonly secret: string;
  readonly timeoutMs: number;
}

/** Longest body kept in a result; the audit trail is not a place for whole documents. */
export const BODY_LIMIT = 4096;
const ERROR_BODY_LIMIT = 500;

export function webhookPayload(request: ExecutionRequest): JsonObject {
  return {
    requestId: request.id,
    number: request.number,
    action: request.actionId,
    environment: request.environment,
    team: request.team,
    params: request.params,
    maker: request.makerId,
    checkers: [...request.checkerIds],
    purpose: request.purpose,
    approvedAt: request.approvedAt.toISOString(),
  };
}

export function createWebhookExecutor(
  config: WebhookConfig,
): (ctx: ExecutionContext) => Promise<ExecutionOutcome> {
  return async (ctx) => {
    const body = new TextEncoder().encode(JSON.stringify(webhookPayload(ctx.request)));
    const idempotencyKey = ctx.request.id;
    // Signed as it leaves: a retry of the same request carries a fresh time and signature.
    const timestamp = unixSeconds(ctx.clock.now());
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timeout]);
    let status: number | undefined;
    try {
      const response = await ctx.fetch(config.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": idempotencyKey,
          [SIGNATURE_HEADER]: signDelivery({ timestamp, idempotencyKey, body }, config.secret),
        },
        body,
        // A redirect is reported as an answer rather than followed with the signed body.
        redirect: "manual",
        signal,
      });
      status = response.status;
      return await outcomeOf(response);
    } catch (error) {
      const message = failureMessage(error, { timeout, cancel: ctx.signal, config, status });
      return { ok: false, error: message.replaceAll(config.secret, "[redacted]") };
    }
  };
}

async function outcomeOf(response: Response): Promise<ExecutionOutcome> {
  const { text, truncated } = await readCapped(response, BODY_LIMIT);
  const result: JsonObject = {
    status: response.status,
    body: parseBody(response, text, truncated),
  };
  if (truncated) result.truncated = true;
  if (response.ok) return { ok: true, result };
  const statusText = response.statusText || STATUS_CODES[response.status] || "";
  const head = `Webhook answered ${response.status}${statusText ? ` ${statusText}` : ""}`;
  const excerpt = text.slice(0, ERROR_BODY_LIMIT);
  return { ok: false, error: excerpt ? `${head}: ${excerpt}` : head, result };
}

function parseBody(response: Response, text: string, truncated: boolean): JsonValue {
  if (truncated) return `${text}…`;
  const type = response.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** Stops reading once past the limit, so a huge answer cannot fill memory. */
async function readCapped(
  response: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    text += done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (text.length > limit) {
      await reader.cancel().catch(() => undefined);
      // Do not end on half of a surrogate pair.
      const end = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
      return { text: text.slice(0, end), truncated: true };
    }
    if (done) return { text, truncated: false };
  }
}

function failureMessage(
  error: unknown,
  context: {
    timeout: AbortSignal;
    cancel: AbortSignal;
    config: WebhookConfig;
    status: number | undefined;
  },
): string {
  if (context.cancel.aborted) {
    return `Webhook call was cancelled before it finished: ${describeError(context.cancel.reason)}`;
  }
  if (context.timeout.aborted) {
    return `Webhook did not answer within ${context.config.timeoutMs} ms`;
  }
  const cause = describeCause(error);
  if (context.status !== undefined) {
    return `Webhook answered ${context.status} but the answer could not be read: ${cause}`;
  }
  return `Webhook could not be reached: ${cause}`;
}

/** fetch rejects with a bare "fetch failed"; the useful part is in `cause`. */
function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return cause.message || (typeof code === "string" ? code : cause.name);
  }
  return describeError(cause);
}
