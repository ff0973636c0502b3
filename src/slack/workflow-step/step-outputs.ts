import type { JsonObject } from "../../core/json.ts";
import { SYSTEM_ACTOR } from "../../requests/audit-events.ts";
import type { RequestStatus } from "../../requests/status.ts";
import type { RequestRecord } from "../../requests/types.ts";

/** The step's `status` output for each way a request closes (manifest.yml lists them). */
const STATUS_OUTPUT: Partial<Record<RequestStatus, string>> = {
  FINISHED: "approved",
  FAILED: "failed",
  DECLINED: "declined",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
};

export function stepStatus(request: RequestRecord): string | undefined {
  return STATUS_OUTPUT[request.status];
}

/**
 * What the workflow goes on with once the request closed, as the manifest's output_parameters
 * declare them. Optional outputs with no value are left out: Slack checks each value's type.
 */
export function stepOutputs(request: RequestRecord): JsonObject {
  const outputs: JsonObject = {
    status: stepStatus(request) ?? request.status.toLowerCase(),
    request_number: request.number,
  };
  if (request.decidedBy && request.decidedBy !== SYSTEM_ACTOR) {
    outputs.decided_by = request.decidedBy;
  }
  if (request.decidedAt) outputs.decided_at = Math.floor(request.decidedAt.getTime() / 1000);
  const reason = request.status === "FAILED" ? request.error : request.decisionReason;
  if (reason) outputs.reason = reason;
  if (request.result !== null) outputs.result = JSON.stringify(request.result);
  return outputs;
}
