import { ok } from "../../core/result.ts";
import type { Written } from "../store.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { decideRequest } from "./decide-request.ts";
import type { Outcome } from "./refusals.ts";

export interface ApprovalResult extends Written {
  /** True when this approval was the last one needed: the request is APPROVED and may run. */
  readonly approved: boolean;
}

/** A checker approves; the last approval needed moves the request to APPROVED. */
export async function approveRequest(
  ctx: UseCaseContext,
  input: DecisionInput,
): Promise<Outcome<ApprovalResult>> {
  const outcome = await decideRequest(ctx, input, "approve", (request) => {
    const approvals = request.approvedBy.length + 1;
    const approved = approvals >= request.approvalsRequired;
    return {
      type: approved ? "REQUEST_APPROVED" : "APPROVAL_RECORDED",
      toStatus: approved ? "APPROVED" : "PENDING",
      details: { approvals, approvalsRequired: request.approvalsRequired },
    };
  });
  return outcome.ok
    ? ok({ ...outcome.value, approved: outcome.value.request.status === "APPROVED" })
    : outcome;
}
