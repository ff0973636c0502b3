import { ok } from "../../core/result.ts";
import type { Delegation } from "../delegation.ts";
import { isAllowed } from "../directory.ts";
import { ruleFor } from "../rules.ts";
import type { RequestRecord } from "../types.ts";
import { waitingOn } from "../waiting-on.ts";
import { changeRequest } from "./change-request.ts";
import type { UseCaseContext } from "./context.ts";
import { notDue } from "./refusals.ts";

/** Pending requests re-routed per delegation start; a checker with more has bigger problems. */
const MAX_REROUTED = 500;

/** The rule of an action no longer configured: anyone may check. */
const NO_RULES = { approvals: 1, checkers: [], staleAfterMs: null, expireAfterMs: null, rules: {} };

/** Why a request stayed with the checker: the delegate made it, already checks it, or may not. */
export type KeptCode = "DELEGATE_MADE_IT" | "DELEGATE_ALREADY_CHECKS" | "DELEGATE_NOT_ALLOWED";

export interface KeptRequest {
  readonly request: RequestRecord;
  readonly code: KeptCode;
  /** The delegate who could not take it. */
  readonly delegateId: string;
}

/** What a delegation's start did to the checker's pending requests. */
export interface RerouteReport {
  readonly rerouted: readonly RequestRecord[];
  /** Left with the checker: the delegate cannot check them. */
  readonly kept: readonly KeptRequest[];
}

/**
 * A delegation started: each pending request still waiting on the checker moves to the
 * delegate (CHECKER_REROUTED), unless the delegate cannot check it (they made it, already
 * check it, or are outside its allow-list): it stays with the checker then, and the report
 * says why. Safe to repeat: a request already moved has nothing left to move.
 */
export async function reroutePending(
  ctx: UseCaseContext,
  delegation: Delegation,
): Promise<RerouteReport> {
  const from = delegation.checkerId;
  const to = delegation.delegateId;
  const rerouted: RequestRecord[] = [];
  const kept: KeptRequest[] = [];
  for (const waiting of await ctx.store.waitingOn(from, MAX_REROUTED)) {
    let code: KeptCode | null = null;
    const outcome = await changeRequest(
      ctx,
      { requestId: waiting.id, actorId: from },
      "reroute",
      async (request) => {
        code = null;
        if (!waitingOn(request).includes(from) || request.status !== "PENDING") {
          return notDue("nothing to re-route");
        }
        code = await keptCode(ctx, request, to);
        if (code) return notDue(`the delegate cannot check it: ${code}`);
        return ok({
          type: "CHECKER_REROUTED",
          toStatus: "PENDING",
          details: { from, to, delegation: delegation.id, until: delegation.endsAt.toISOString() },
        });
      },
      { auditRefusal: false },
    );
    if (outcome.ok) rerouted.push(outcome.value.request);
    else if (code) kept.push({ request: waiting, code, delegateId: to });
  }
  return { rerouted, kept };
}

/** Why the delegate `to` cannot take over `request`; null when they can. */
async function keptCode(
  ctx: UseCaseContext,
  request: RequestRecord,
  to: string,
): Promise<KeptCode | null> {
  if (request.makerId === to) return "DELEGATE_MADE_IT";
  if (request.checkerIds.includes(to)) return "DELEGATE_ALREADY_CHECKS";
  const rule = ruleFor(ctx.actions.get(request.actionId) ?? NO_RULES, request.environment);
  if (!(await isAllowed(ctx.directory, to, rule.checkers))) return "DELEGATE_NOT_ALLOWED";
  return null;
}
