import { ok } from "../../core/result.ts";
import { type DecisionRules, type DecisionVerb, decisionGuard } from "../decision-guard.ts";
import type { Written } from "../store.ts";
import type { RequestRecord } from "../types.ts";
import { type Change, changeRequest, checkRequest } from "./change-request.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { decisionRefusal, type Outcome, type RefusalCode } from "./refusals.ts";

/** A decision's rules, on a row its sealed trail agrees with, by someone still allowed to check. */
export function guard<Code extends RefusalCode>(
  ctx: UseCaseContext,
  request: RequestRecord,
  actorId: string,
  verb: DecisionVerb,
  rules: DecisionRules<Code>,
) {
  return decisionGuard(ctx, request, actorId, verb, rules);
}

/** approve / decline: the rules every decision shares, then the decision's own event. */
export function decideRequest(
  ctx: UseCaseContext,
  input: DecisionInput,
  verb: "approve" | "decline",
  decide: (request: RequestRecord) => Change,
): Promise<Outcome<Written>> {
  return changeRequest(ctx, input, verb, async (request) => {
    const refused = await guard(ctx, request, input.actorId, verb, (r, actor) =>
      decisionRefusal(ctx.directory, r, actor, verb),
    );
    if (refused) return refused;
    const decision = decide(request);
    // A delegate's decision is recorded as made on behalf of the checker who is away.
    const onBehalfOf = request.onBehalfOf[input.actorId];
    return ok(
      onBehalfOf ? { ...decision, details: { ...decision.details, onBehalfOf } } : decision,
    );
  });
}

/**
 * Whether `actorId` may decide on the request now, without deciding: asked before showing the
 * decline form, so a stranger never gets a form whose answer would be refused anyway. A refusal
 * is recorded like any other attempt.
 */
export function checkDecision(
  ctx: UseCaseContext,
  input: DecisionInput,
): Promise<Outcome<RequestRecord>> {
  return checkRequest(ctx, input, "decline", (request) =>
    guard(ctx, request, input.actorId, "decline", (r, actor) =>
      decisionRefusal(ctx.directory, r, actor, "decline"),
    ),
  );
}
