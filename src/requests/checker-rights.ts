import { refuse } from "../core/result.ts";
import type { ActionDefinition } from "../factory/types.ts";
import { type Directory, isAllowed } from "./directory.ts";
import { describePrincipals, ruleFor } from "./rules.ts";
import type { RequestRecord } from "./types.ts";

/**
 * Why `actorId` may not decide on (or review) `request` now, under its action's checker
 * allow-list as it stands today; null when they may. Asked when the right is used, not only when
 * the request was filed: someone removed from the group since can no longer decide. Delegates are
 * held to the same list. A request whose action is no longer configured has no list to hold
 * anyone to. Membership is asked afresh; a directory that cannot answer throws, and nothing is
 * decided.
 */
export async function checkerNotAllowed(
  directory: Directory,
  action: ActionDefinition | undefined,
  request: RequestRecord,
  actorId: string,
  attempted: "decide on" | "review",
) {
  if (!action) return null;
  const rule = ruleFor(action, request.environment);
  if (await isAllowed(directory, actorId, rule.checkers, { fresh: true })) return null;
  const where = rule.specific ? ` in ${rule.environment}` : "";
  return refuse(
    "REQUEST.CHECKER_NOT_ALLOWED",
    `You can no longer ${attempted} #${request.number}: checkers of "${action.title}" requests${where} must be ${describePrincipals(directory, rule.checkers)}, and you are not one now.`,
  );
}
