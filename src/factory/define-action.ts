import type { z } from "zod";
import { ConfigError } from "../core/errors.ts";
import type { JsonObject } from "../core/json.ts";
import { actionFields, approvalsReachable } from "./action-fields.ts";
import { configErrorMap, formatPath, issuePath, strictObject } from "./config-issues.ts";
import { buildParamsSchema, type ParamSpecInput } from "./params.ts";
import type { ActionDefinition, ExecutionContext, ExecutionOutcome } from "./types.ts";

/** What an action module writes; everything but id, title, execute has a default. */
export interface ActionModule {
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
  execute(ctx: ExecutionContext): Promise<ExecutionOutcome>;
}

const moduleFields = strictObject(actionFields).check(approvalsReachable);

/** Validates a module's declaration the same way actions.yml is, and fills in the defaults. */
export function defineAction(module: ActionModule): ActionDefinition {
  const { schema, idempotent = false, execute, ...declared } = module;
  const parsed = moduleFields.safeParse(declared, { error: configErrorMap, reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${formatPath(issuePath(issue))}: ${issue.message}`,
    );
    const name = typeof module.id === "string" ? `"${module.id}"` : "without an id";
    throw new ConfigError([`Action module ${name} is invalid:`, ...problems].join("\n"));
  }
  const fields = parsed.data;
  return {
    ...fields,
    source: "module",
    schema: schema ?? buildParamsSchema(fields.params),
    idempotent,
    execute,
  };
}
