import { type JsonObject, toJson } from "../../core/json.ts";
import { ok } from "../../core/result.ts";
import type { AuditEventDraft } from "../audit-events.ts";
import { reviewsRequiredFor, sealedRequirement } from "../break-glass-review.ts";
import type { CreatedDetails } from "../replay.ts";
import { ruleFor } from "../rules.ts";
import type { Written } from "../store.ts";
import type { RequestRecord } from "../types.ts";
import { draftEvent, refuseAttempt } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import type { NewRequestInput } from "./new-request-input.ts";
import { FORM_SLIPS, type Outcome } from "./refusal-codes.ts";
import { type ValidRequest, validateNewRequest } from "./validate-new-request.ts";

/**
 * Files a new PENDING request (or, breaking the glass, an APPROVED one); `original` is the
 * request it duplicates, if any: the new one joins its story.
 */
export async function createRequest(
  ctx: UseCaseContext,
  input: NewRequestInput,
  original: RequestRecord | null,
): Promise<Outcome<Written>> {
  const action = ctx.actions.require(input.actionId);
  if (!action.ok) return action;
  const checked = await validateNewRequest(ctx, action.value, input);
  if (!checked.ok) {
    // A typo in a form is not worth an audit event; a rule broken on purpose or not is.
    if (!FORM_SLIPS.includes(checked.refusal.code)) {
      const attempted = original ? "duplicate" : "create";
      const { code, message } = checked.refusal;
      await refuseAttempt(ctx, original, input.makerId, attempted, code, message);
    }
    return checked;
  }
  const id = ctx.newId();
  const rule = ruleFor(action.value, input.environment.trim());
  const details: CreatedDetails = {
    action: action.value.id,
    environment: input.environment.trim(),
    team: input.team.trim(),
    params: checked.value.params,
    purpose: input.purpose.trim(),
    maker: input.makerId,
    checkers: checked.value.checkers,
    ...(Object.keys(checked.value.onBehalfOf).length > 0
      ? { onBehalfOf: checked.value.onBehalfOf }
      : {}),
    approvalsRequired: rule.approvals,
    duplicateOf: original?.id ?? null,
    ...(input.workflowStep ? { workflowStep: { ...input.workflowStep } } : {}),
  };
  const written = await ctx.store.insert(
    (number) => ({
      id: ctx.newId(),
      type: "REQUEST_CREATED",
      requestId: id,
      requestNumber: number,
      correlationId: original?.correlationId ?? id,
      causationId: original?.lastEventId ?? null,
      actor: input.makerId,
      fromStatus: null,
      toStatus: "PENDING",
      at: ctx.clock.now(),
      details: toJson<JsonObject>(details),
    }),
    brokenGlass(ctx, input, checked.value, rule.checkers),
  );
  return ok(written);
}

/** A break-glass use is approved as it is created, in the same transaction: never pending. */
function brokenGlass(
  ctx: UseCaseContext,
  input: NewRequestInput,
  valid: ValidRequest,
  allowList: readonly string[],
): ((created: RequestRecord) => AuditEventDraft) | undefined {
  const breakGlass = input.breakGlass;
  if (!breakGlass) return undefined;
  const reviews = reviewsRequiredFor(allowList, ctx.hasAuditChannel);
  return (created) => ({
    ...draftEvent(ctx, created, "BREAK_GLASS_USED", input.makerId, created.lastEventId),
    toStatus: "APPROVED",
    details: {
      reason: breakGlass.reason.trim(),
      reviewers: valid.checkers,
      ...sealedRequirement(reviews),
    },
  });
}
