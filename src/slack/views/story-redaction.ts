import type { ActionDefinition } from "../../factory/types.ts";
import type { AuditEvent } from "../../requests/audit-events.ts";
import { redactor } from "../../requests/redact.ts";
import {
  failureHeadline,
  redactEvent,
  redactRequest,
  storySecrets,
} from "../../requests/redact-request.ts";
import type { RequestRecord } from "../../requests/types.ts";
import type { RequestStoryInput } from "./story-input.ts";

/** The maker and the checkers see sensitive values; everyone else sees them masked. */
export function mayReveal(request: RequestRecord, viewerId: string): boolean {
  return request.makerId === viewerId || request.checkerIds.includes(viewerId);
}

export function hasHiddenValues(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): boolean {
  const specs = new Map((action?.params ?? []).map((spec) => [spec.name, spec]));
  return Object.keys(request.params).some((name) => specs.get(name)?.sensitive ?? true);
}

/** A failure as someone not involved reads it in the timeline: its headline, never the body. */
function headlineOnly(event: AuditEvent): AuditEvent {
  const error = event.details.error;
  if (event.type !== "REQUEST_FAILED" || typeof error !== "string") return event;
  return { ...event, details: { ...event.details, error: failureHeadline(error) } };
}

/**
 * The story as someone not involved reads it: sensitive values masked in every text, and of
 * what the system answered only a failure's headline ("Webhook answered 502 Bad Gateway").
 */
export function redactStory(input: RequestStoryInput): RequestStoryInput {
  const secrets = storySecrets(input.request, input.action, input.events);
  const redact = redactor(secrets);
  return {
    ...input,
    request: redactRequest(input.request, input.action, secrets),
    events: input.events.map((event) => headlineOnly(redactEvent(event, redact))),
  };
}
