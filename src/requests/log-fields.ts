import type { RequestRecord } from "./types.ts";

/**
 * The fields that tie a log line to a request, on every replica: its number, its correlation id
 * (shared with its duplicates: one grep finds a request's whole life) and the Slack ids involved.
 */
export function requestLogFields(request: RequestRecord) {
  return {
    request: request.number,
    requestId: request.id,
    correlationId: request.correlationId,
    action: request.actionId,
    environment: request.environment,
    maker: request.makerId,
    checkers: request.checkerIds,
  };
}
