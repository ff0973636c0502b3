import type { ActionDefinition } from "../../factory/types.ts";
import { plainName } from "../people-text.ts";
import { ruleFor } from "../rules.ts";
import type { UseCaseContext } from "./context.ts";

/** One person the maker may choose as checker, named for a select. */
export interface CheckerChoice {
  readonly id: string;
  readonly name: string;
}

/**
 * Whom the checker field offers. `anyone`: the action has no allow-list here (or it is not
 * known yet), so the workspace's people picker; `listed`: the allowed people, groups expanded,
 * the maker left out, by name; `more` when there were more than `cap` of them.
 */
export type CheckerChoices =
  | { readonly kind: "anyone" }
  | { readonly kind: "listed"; readonly people: readonly CheckerChoice[]; readonly more: boolean };

/** The allow-list that applies: the environment's, or the action's when no rule changes it. */
function allowListFor(action: ActionDefinition, environment: string | undefined) {
  if (environment) return ruleFor(action, environment).checkers;
  const varies = Object.values(action.rules).some((rule) => rule.checkers !== undefined);
  return varies ? [] : action.checkers;
}

/**
 * The people the maker may pick as checkers of `action` in `environment`. Throws when a group
 * cannot be read right now: the form then offers the people picker, checked on submit.
 */
export async function listCheckerChoices(
  ctx: UseCaseContext,
  action: ActionDefinition,
  environment: string | undefined,
  makerId: string,
  cap: number,
): Promise<CheckerChoices> {
  const allowList = allowListFor(action, environment);
  if (allowList.length === 0) return { kind: "anyone" };
  const ids: string[] = [];
  for (const entry of allowList) {
    const members = ctx.directory.isGroup(entry) ? await ctx.directory.membersOf(entry) : [entry];
    for (const id of members) if (id !== makerId && !ids.includes(id)) ids.push(id);
  }
  const shown = ids.slice(0, cap);
  const people = await Promise.all(
    shown.map(async (id) => ({ id, name: await plainName(ctx.directory, id) })),
  );
  people.sort((a, b) => a.name.localeCompare(b.name));
  return { kind: "listed", people, more: ids.length > cap };
}
