import { randomUUID } from "node:crypto";
import type { AuditEventDraft } from "../../src/requests/audit-events.ts";
import type { RequestRecord } from "../../src/requests/types.ts";

/** A maker's reminder to the checkers of `request`: an event about it that changes nothing. */
export function nudgeDraft(request: RequestRecord, at = new Date()): AuditEventDraft {
  return {
    id: randomUUID(),
    type: "CHECKER_NUDGED",
    requestId: request.id,
    requestNumber: request.number,
    correlationId: request.correlationId,
    causationId: request.lastEventId,
    actor: request.makerId,
    fromStatus: null,
    toStatus: null,
    at,
    details: {},
  };
}
