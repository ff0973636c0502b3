import type { JsonObject } from "../../core/json.ts";
import { ok, refuse } from "../../core/result.ts";
import { parseActionParams } from "../../factory/params.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { isAllowed } from "../directory.ts";
import { LIMITS } from "../field-limits.ts";
import { rateLimited } from "../limits.ts";
import { plainNames } from "../people-text.ts";
import { ruleFor } from "../rules.ts";
import { checkersProblem, checkersRefusal } from "./check-checkers.ts";
import type { UseCaseContext } from "./context.ts";
import type { NewRequestInput } from "./new-request-input.ts";
import {
  breakGlassNotAllowed,
  FIELD_TEXT,
  fieldsNeedLook,
  makerNotAllowed,
  type Outcome,
  ownChecker,
} from "./refusals.ts";
import { routeToDelegates } from "./route-to-delegates.ts";

/** A new request as it will be filed: its values normalised, its checkers routed. */
export interface ValidRequest {
  readonly params: JsonObject;
  readonly checkers: string[];
  readonly onBehalfOf: Record<string, string>;
}

/** The environments a maker may pick for `action`. */
export function environmentsFor(ctx: UseCaseContext, action: ActionDefinition): readonly string[] {
  return action.environments.length > 0 ? action.environments : ctx.environments;
}

/**
 * Whether `input` may be filed: the maker may request the action (and has not filed too many
 * lately), the form is complete, and the checkers can check it; the checkers who are away are
 * replaced by their delegates.
 */
export async function validateNewRequest(
  ctx: UseCaseContext,
  action: ActionDefinition,
  input: NewRequestInput,
): Promise<Outcome<ValidRequest>> {
  if (!(await isAllowed(ctx.directory, input.makerId, action.makers))) {
    return makerNotAllowed(ctx.directory, action, await plainNames(ctx.directory, action.makers));
  }
  const { requestRate } = ctx.limits;
  const limited = await rateLimited(ctx.store, input.makerId, ctx.clock.now(), requestRate);
  if (limited) return refuse("REQUEST.RATE_LIMITED", limited);
  if (input.breakGlass && !action.breakGlass) return breakGlassNotAllowed(action);
  const rule = ruleFor(action, input.environment.trim());
  const fields: Record<string, string> = {};
  const params = parseActionParams(action, input.params);
  if (!params.ok) Object.assign(fields, params.errors);
  Object.assign(fields, formProblems(ctx, action, input));

  if (new Set(input.checkerIds).has(input.makerId)) return ownChecker();
  const named = await checkersProblem(ctx, action, rule, input);
  if (named.problem) fields.checkers = named.problem;
  if (Object.keys(fields).length > 0) return fieldsNeedLook(fields);
  const refused = await checkersRefusal(ctx, action, rule, input.checkerIds);
  if (refused) return refused;
  const routed = input.breakGlass
    ? ok({ checkers: named.checkers, onBehalfOf: {} })
    : await routeToDelegates(ctx, named.checkers, input.makerId, rule);
  if (!routed.ok) return routed;
  return ok({ params: params.ok ? params.value : {}, ...routed.value });
}

/** What is missing or wrong in the form's own fields (the values are the action's to check). */
function formProblems(
  ctx: UseCaseContext,
  action: ActionDefinition,
  input: NewRequestInput,
): Record<string, string> {
  const fields: Record<string, string> = {};
  const environments = environmentsFor(ctx, action);
  const environment = input.environment.trim();
  if (!environment) fields.environment = FIELD_TEXT.noEnvironment;
  else if (environments.length > 0 && !environments.includes(environment)) {
    fields.environment = FIELD_TEXT.wrongEnvironment(action, environments);
  }
  const team = input.team.trim();
  if (!team) fields.team = FIELD_TEXT.noTeam;
  else if (team.length > LIMITS.team) fields.team = FIELD_TEXT.tooLong(LIMITS.team);
  const purpose = input.purpose.trim();
  if (!purpose) fields.purpose = FIELD_TEXT.noPurpose;
  else if (purpose.length > LIMITS.purpose) fields.purpose = FIELD_TEXT.tooLong(LIMITS.purpose);
  if (input.breakGlass) {
    const reason = input.breakGlass.reason.trim();
    if (!reason) fields.breakGlass = FIELD_TEXT.noEmergency;
    else if (reason.length > LIMITS.reason) fields.breakGlass = FIELD_TEXT.tooLong(LIMITS.reason);
  }
  return fields;
}
