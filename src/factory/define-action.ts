import type { z } from "zod";
import { ConfigError } from "../core/errors.ts";
import type { JsonObject } from "../core/json.ts";
import { actionFields, approvalsReachable, definitionFields } from "./action-fields.ts";
import { configErrorMap, formatPath, issuePath, strictObject } from "./config-issues.ts";
import { buildParamsSchema, type ParamSpecInput } from "./params.ts";
import {
  type ActionTemplates,
  templateFields,
  templatesMatchParams,
  templatesOf,
} from "./summary-template.ts";
import type { ActionDefinition, ExecutionContext, ExecutionOutcome } from "./types.ts";

export interface EnvironmentRuleInput {
  readonly label?: string;
  readonly approvals?: number;
  readonly checkers?: readonly string[];
  readonly stale_after?: string;
  readonly expire_after?: string;
  readonly warning?: string;
}

/**
 * What an action module writes; everything but id, title, execute has a default. `summary` and
 * `outcome` (ActionTemplates) as in actions.yml.
 */
export interface ActionModule extends ActionTemplates {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** The form fields; `required` and `sensitive` default to false. */
  readonly params?: readonly ParamSpecInput[];
  /** Replaces the schema derived from `params`, e.g. for rules across fields. */
  readonly schema?: z.ZodType<JsonObject>;
  /** Default false: an interrupted run is never retried unless the module says it is safe. */
  readonly idempotent?: boolean;
  readonly environments?: readonly string[];
  readonly approvals?: number;
  readonly checkers?: readonly string[];
  readonly makers?: readonly string[];
  /** "30m", "4h", "7d": override STALE_AFTER / EXPIRE_AFTER for this action. */
  readonly staleAfter?: string;
  readonly expireAfter?: string;
  /** A user (U…/W…), user group (S…) or channel (C…/G…) to escalate to. */
  readonly escalateTo?: string;
  /** Per environment, in the YAML's words: `{ production: { approvals: 2, expire_after: "1h" } }`. */
  readonly rules?: Readonly<Record<string, EnvironmentRuleInput>>;
  /** Allows running it without a checker in an emergency, with a reason (default false). */
  readonly breakGlass?: boolean;
  execute(ctx: ExecutionContext): Promise<ExecutionOutcome>;
}

const moduleFields = strictObject({ ...actionFields, ...templateFields })
  .check(approvalsReachable)
  .check(templatesMatchParams);

/** Validates a module's declaration the same way actions.yml is, and fills in the defaults. */
export function defineAction(module: ActionModule): ActionDefinition {
  const {
    schema,
    idempotent = false,
    execute,
    staleAfter,
    expireAfter,
    escalateTo,
    breakGlass,
    ...rest
  } = module;
  // One schema for both sources; it speaks the file's snake_case.
  const declared = {
    ...rest,
    stale_after: staleAfter,
    expire_after: expireAfter,
    escalate_to: escalateTo,
    break_glass: breakGlass,
  };
  const parsed = moduleFields.safeParse(declared, { error: configErrorMap, reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${formatPath(issuePath(issue))}: ${issue.message}`,
    );
    const name = typeof module.id === "string" ? `"${module.id}"` : "without an id";
    throw new ConfigError([`Action module ${name} is invalid:`, ...problems].join("\n"));
  }
  const { summary, outcome, system, ...declaredFields } = parsed.data;
  const fields = definitionFields(declaredFields);
  return {
    ...fields,
    ...templatesOf({ summary, outcome, system }),
    source: "module",
    schema: schema ?? buildParamsSchema(fields.params),
    idempotent,
    execute,
  };
}
