import type { JsonObject } from "../core/json.ts";
import type { AuditEvent } from "../requests/audit-events.ts";
import { type Redactor, redactor, secretsOf } from "../requests/redact.ts";
import { redactEvent } from "../requests/redact-request.ts";
import { createdDetailsSchema } from "../requests/replay.ts";
import type { EventReader } from "./trail-reader.ts";

/** What a request was created with: enough to know its sensitive values. */
export interface Creation {
  readonly action: string;
  readonly params: JsonObject;
}

/** How an export finds the sensitive values of the requests whose events it writes. */
export interface ExportMasking {
  /** Whether `param` of `actionId` is sensitive; an action no longer configured: every param. */
  isSensitive(actionId: string, param: string): boolean;
  /** A request's creation, for events exported without it (`--since` cut it off). */
  creationOf(requestId: string): Promise<Creation | null>;
}

/** Requests whose values are kept at once; an export reads each request's events close together. */
const REMEMBERED = 1000;

const NOTHING: Redactor = { text: (text) => text, json: (value) => value };

export function creationIn(event: Pick<AuditEvent, "type" | "details">): Creation | null {
  if (event.type !== "REQUEST_CREATED") return null;
  const created = createdDetailsSchema.safeParse(event.details);
  return created.success
    ? { action: created.data.action, params: created.data.params as JsonObject }
    : null;
}

/** Finds a request's creation in the trail (the sealed record, not the editable requests row). */
export function creationLookup(
  trail: Pick<EventReader, "creationEvent">,
): (requestId: string) => Promise<Creation | null> {
  return async (requestId) => {
    const event = await trail.creationEvent(requestId);
    return event ? creationIn(event) : null;
  };
}

/**
 * The events with every sensitive value masked inside their details (the params at creation, a
 * result, an error, a reason quoting one), each request by its own values.
 */
export async function* maskEvents(
  events: AsyncIterable<AuditEvent>,
  masking: ExportMasking,
): AsyncGenerator<AuditEvent> {
  const known = new Map<string, Redactor>();
  for await (const event of events) {
    const id = event.requestId;
    if (id === null) {
      yield event;
      continue;
    }
    let redact = known.get(id);
    if (redact === undefined) {
      const creation = creationIn(event) ?? (await masking.creationOf(id));
      redact = creation
        ? redactor(secretsOf(creation.params, (name) => masking.isSensitive(creation.action, name)))
        : NOTHING;
      known.set(id, redact);
      if (known.size > REMEMBERED) known.delete(known.keys().next().value as string);
    }
    yield redactEvent(event, redact);
  }
}
