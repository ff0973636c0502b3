import { addToLogContext } from "../core/log-context.ts";
import type { Logger } from "../core/logger.ts";
import type { AuditEvent } from "../requests/audit-events.ts";
import { requestLogFields } from "../requests/log-fields.ts";
import { attemptsOf } from "../requests/refused-attempts.ts";
import type { CommittedEvent } from "../requests/store.ts";
import type { RequestRecord } from "../requests/types.ts";
import type { Metrics } from "./metrics.ts";

/**
 * Follows the audit trail as it is committed: one log line per event (never its details, which
 * hold parameters and free text) and the counters of /metrics.
 */
export function observeTrail(logger: Logger, metrics: Metrics) {
  return (committed: readonly CommittedEvent[]) => {
    for (const { event, request } of committed) {
      const fields = request ? requestLogFields(request) : { requestId: event.requestId };
      if (request)
        addToLogContext({ request: request.number, correlationId: request.correlationId });
      const change =
        event.toStatus && event.toStatus !== event.fromStatus ? ` → ${event.toStatus}` : "";
      logger.info(`${request ? `#${request.number} ` : ""}${event.type}${change}`, {
        ...fields,
        event: event.type,
        eventId: event.id,
        seq: event.seq,
        actor: event.actor,
        from: event.fromStatus,
        to: event.toStatus,
      });
      if (request) count(metrics, event, event.fromStatus !== event.toStatus, request);
    }
  };
}

function count(metrics: Metrics, event: AuditEvent, moved: boolean, request: RequestRecord) {
  const { type } = event;
  const action = request.actionId;
  if (moved) metrics.transitions.inc({ action, status: request.status });
  switch (type) {
    case "APPROVAL_RECORDED":
    case "REQUEST_APPROVED":
      metrics.decisions.inc({ action, decision: "approved" });
      break;
    case "REQUEST_DECLINED":
      metrics.decisions.inc({ action, decision: "declined" });
      break;
    case "REQUEST_FINISHED":
    case "REQUEST_FAILED": {
      const outcome = type === "REQUEST_FINISHED" ? "finished" : "failed";
      metrics.executions.inc({ action, outcome });
      if (request.executionStartedAt && request.executedAt) {
        const seconds =
          (request.executedAt.getTime() - request.executionStartedAt.getTime()) / 1000;
        metrics.executionSeconds.observe({ action, outcome }, Math.max(0, seconds));
      }
      break;
    }
    case "REMINDER_SENT":
      metrics.reminders.inc({ action });
      break;
    case "CHECKER_NUDGED":
      metrics.nudges.inc({ action });
      break;
    case "REQUEST_ESCALATED":
      metrics.escalations.inc({ action });
      break;
    case "REQUEST_EXPIRED":
      metrics.expiries.inc({ action });
      break;
    case "BREAK_GLASS_USED":
      metrics.breakGlass.inc({ action, environment: request.environment });
      break;
    case "ATTEMPT_REFUSED":
      // A repeated refusal is sealed once per window, standing for all its attempts.
      metrics.refusals.inc({ action }, attemptsOf(event.details));
      break;
  }
}
