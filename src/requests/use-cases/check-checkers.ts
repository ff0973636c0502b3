import type { ActionDefinition } from "../../factory/types.ts";
import { reviewersProblem, reviewsRequiredFor } from "../break-glass-review.ts";
import { isAllowed } from "../directory.ts";
import { checkerCap, tooManyCheckers } from "../limits.ts";
import { plainName, plainNames } from "../people-text.ts";
import type { EffectiveRule } from "../rules.ts";
import type { UseCaseContext } from "./context.ts";
import type { NewRequestInput } from "./new-request-input.ts";
import { checkerOutsideAllowList, checkerUnavailable, FIELD_TEXT } from "./refusals.ts";

/**
 * The checkers a new request goes to (each once; for a break-glass use, the designated
 * reviewers added), and what is wrong with how many were named, as a field error, or null.
 */
export async function checkersProblem(
  ctx: UseCaseContext,
  action: ActionDefinition,
  rule: EffectiveRule,
  input: Pick<NewRequestInput, "checkerIds" | "makerId" | "breakGlass">,
): Promise<{ checkers: string[]; problem: string | null }> {
  const checkers = [...new Set(input.checkerIds)];
  const cap = checkerCap(ctx.limits, rule.approvals);
  const tooMany = tooManyCheckers(checkers.length, cap, Boolean(input.breakGlass));
  if (tooMany) return { checkers, problem: tooMany };
  if (input.breakGlass) {
    // Nobody approves; the named checkers and the designated ones review it afterwards.
    for (const id of await designatedReviewers(ctx, rule.checkers, input.makerId)) {
      if (!checkers.includes(id)) checkers.push(id);
    }
    const reviews = reviewsRequiredFor(rule.checkers, ctx.hasAuditChannel);
    return { checkers, problem: reviewersProblem(action.title, checkers.length, reviews) };
  }
  if (checkers.length < rule.approvals) {
    const problem =
      rule.approvals === 1 ? FIELD_TEXT.noChecker : FIELD_TEXT.tooFewCheckers(action, rule);
    return { checkers, problem };
  }
  return { checkers, problem: null };
}

/** Why one of the checkers named cannot check the request: unavailable, or not allowed to. */
export async function checkersRefusal(
  ctx: UseCaseContext,
  action: ActionDefinition,
  rule: EffectiveRule,
  checkerIds: readonly string[],
) {
  for (const id of checkerIds) {
    const status = await ctx.directory.statusOf(id);
    if (status === "active" || status === null) continue;
    const name = await plainName(ctx.directory, id);
    const unavailable = checkerUnavailable(ctx.directory, { id, name }, status);
    if (unavailable) return unavailable;
  }
  for (const id of checkerIds) {
    if (!(await isAllowed(ctx.directory, id, rule.checkers))) {
      const who = await plainNames(ctx.directory, rule.checkers);
      const name = await plainName(ctx.directory, id);
      return checkerOutsideAllowList(ctx.directory, action, rule, { id, name }, who);
    }
  }
  return null;
}

/**
 * The people an allow-list designates, user groups expanded to their members, never the maker:
 * who reviews a break-glass use besides those the maker named, and who checks a workflow step's
 * request when the workflow names nobody. A group that cannot be read right now is left out
 * rather than blocking an emergency.
 */
export async function designatedReviewers(
  ctx: UseCaseContext,
  allowList: readonly string[],
  makerId: string,
): Promise<string[]> {
  const reviewers: string[] = [];
  for (const entry of allowList) {
    const members = ctx.directory.isGroup(entry)
      ? await ctx.directory.membersOf(entry).catch(() => [])
      : [entry];
    for (const id of members) if (id !== makerId && !reviewers.includes(id)) reviewers.push(id);
  }
  return reviewers;
}
