import type { JsonObject } from "../core/json.ts";
import type { ActionDefinition } from "../factory/types.ts";
import type { AuditEventDraft } from "./audit-events.ts";
import { mergeSecrets, type Redactor, redactor, type Secrets, secretsOf } from "./redact.ts";
import { createdDetailsSchema } from "./replay.ts";
import type { RequestRecord } from "./types.ts";

/**
 * Whether a param of `action` is sensitive. One the action does not declare (removed since, or
 * the action itself is gone) may have been, so it is treated as sensitive.
 */
export function sensitivityOf(action: ActionDefinition | undefined): (name: string) => boolean {
  const specs = new Map((action?.params ?? []).map((spec) => [spec.name, spec]));
  return (name) => specs.get(name)?.sensitive ?? true;
}

export function requestSecrets(
  request: Pick<RequestRecord, "params">,
  action: ActionDefinition | undefined,
): Secrets {
  return secretsOf(request.params, sensitivityOf(action));
}

/**
 * The request as someone who may not see its sensitive values reads it: every such value masked
 * inside its result, its error and every text people wrote (purpose, team, reasons, notes). The
 * params themselves are left to the views, which show each one's label with a mask. `secrets`
 * are the request's own unless given (a story's include those of its duplicates).
 */
export function redactRequest(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  secrets: Secrets = requestSecrets(request, action),
): RequestRecord {
  if (secrets.names.length === 0) return request;
  const r = redactor(secrets);
  const text = (value: string | null) => (value === null ? null : r.text(value));
  return {
    ...request,
    team: r.text(request.team),
    purpose: r.text(request.purpose),
    decisionReason: text(request.decisionReason),
    breakGlassReason: text(request.breakGlassReason),
    reviewNote: text(request.reviewNote),
    error: text(request.error),
    result: request.result === null ? null : r.json(request.result),
  };
}

/**
 * The secrets of a request's whole story: its own and those of every request created in it
 * (duplicates may have been filed with other values). A creation of another action than
 * `action` has every param treated as sensitive.
 */
export function storySecrets(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  events: readonly AuditEventDraft[],
): Secrets {
  const created = events.flatMap((event) => {
    if (event.type !== "REQUEST_CREATED") return [];
    const details = createdDetailsSchema.safeParse(event.details);
    if (!details.success) return [];
    const own = action !== undefined && details.data.action === action.id ? action : undefined;
    return [secretsOf(details.data.params as JsonObject, sensitivityOf(own))];
  });
  return mergeSecrets(requestSecrets(request, action), ...created);
}

/** The event with every sensitive value masked inside its details. */
export function redactEvent<E extends AuditEventDraft>(event: E, redact: Redactor): E {
  return { ...event, details: redact.json(event.details) as JsonObject };
}

/**
 * A short reason for a failure, for places that must not quote a response body (a channel):
 * the headline before the first ": " of the error, e.g. "Webhook answered 500 Internal Server
 * Error" out of "Webhook answered 500 Internal Server Error: {…body…}".
 */
export function failureHeadline(error: string | null, max = 120): string {
  const line = (error ?? "").trim().split(/\r?\n/)[0] ?? "";
  const colon = line.indexOf(": ");
  const head = (colon > 0 ? line.slice(0, colon) : line).trim();
  if (head === "") return "no reason was given";
  const chars = [...head];
  return chars.length <= max
    ? head
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}
