import type { ActionDefinition } from "../factory/types.ts";
import type { Naming } from "./directory.ts";

/** What an action requires in one environment, its own settings filled in where the rule is silent. */
export interface EffectiveRule {
  readonly environment: string;
  readonly approvals: number;
  /** The checker allow-list (users and user groups); empty: anyone but the maker. */
  readonly checkers: readonly string[];
  readonly staleAfterMs: number | null;
  readonly expireAfterMs: number | null;
  readonly warning: string | null;
  /** True when the action sets a rule for this environment. */
  readonly specific: boolean;
}

export function ruleFor(
  action: Pick<
    ActionDefinition,
    "approvals" | "checkers" | "staleAfterMs" | "expireAfterMs" | "rules"
  >,
  environment: string,
): EffectiveRule {
  const rule = Object.hasOwn(action.rules, environment) ? action.rules[environment] : undefined;
  return {
    environment,
    approvals: rule?.approvals ?? action.approvals,
    checkers: rule?.checkers ?? action.checkers,
    staleAfterMs: rule?.staleAfterMs ?? action.staleAfterMs,
    expireAfterMs: rule?.expireAfterMs ?? action.expireAfterMs,
    warning: rule?.warning ?? null,
    specific: rule !== undefined,
  };
}

/** Users and user groups as the directory names them: "@S0SRE or @U0LEAD". */
export function describePrincipals(
  naming: Pick<Naming, "mention">,
  ids: readonly string[],
  conjunction = "or",
): string {
  const named = ids.map((id) => naming.mention(id));
  if (named.length <= 1) return named[0] ?? "anyone";
  return `${named.slice(0, -1).join(", ")} ${conjunction} ${named.at(-1)}`;
}
