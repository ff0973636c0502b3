import { ok } from "../../core/result.ts";
import type { Delegation } from "../delegation.ts";
import { isAllowed } from "../directory.ts";
import { plainName } from "../people-text.ts";
import type { EffectiveRule } from "../rules.ts";
import type { UseCaseContext } from "./context.ts";
import { awayUntil, type DelegateProblem, delegateUnavailable, type Outcome } from "./refusals.ts";

/**
 * A checker who is away is replaced by their delegate, recorded as deciding on their behalf.
 * The delegate must be able to check it like anyone else: never the maker, not already one of
 * its checkers, within the allow-list.
 */
export async function routeToDelegates(
  ctx: UseCaseContext,
  checkers: readonly string[],
  makerId: string,
  rule: EffectiveRule,
): Promise<Outcome<{ checkers: string[]; onBehalfOf: Record<string, string> }>> {
  const routed: string[] = [];
  const onBehalfOf: Record<string, string> = {};
  if (!ctx.delegations) return ok({ checkers: [...checkers], onBehalfOf });
  for (const checker of checkers) {
    const delegation: Delegation | null = await ctx.delegations.activeFor(checker, ctx.clock.now());
    if (!delegation) {
      routed.push(checker);
      continue;
    }
    const delegate = delegation.delegateId;
    const problem: DelegateProblem | null =
      delegate === makerId
        ? { kind: "is-maker" }
        : checkers.includes(delegate) || routed.includes(delegate)
          ? { kind: "already-checks", delegate: await plainName(ctx.directory, delegate) }
          : !(await isAllowed(ctx.directory, delegate, rule.checkers))
            ? { kind: "not-allowed", delegate: await plainName(ctx.directory, delegate) }
            : null;
    if (problem) {
      const away = awayUntil(await plainName(ctx.directory, checker), delegation.endsAt);
      return delegateUnavailable(away, problem);
    }
    routed.push(delegate);
    onBehalfOf[delegate] = checker;
  }
  return ok({ checkers: routed, onBehalfOf });
}
