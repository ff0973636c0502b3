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
  /** "30m", "4h", "7d": override STALE_AFTER / EXPIRE_AFTER for this action. */
  readonly staleAfter?: string;
  readonly expireAfter?: string;
  /** A user (U…/W…), user group (S…) or channel (C…/G…) to escalate to. */
  readonly escalateTo?: string;
  execute(ctx: ExecutionContext): Promise<ExecutionOutcome>;
}

const moduleFields = strictObject(actionFields).check(approvalsReachable);

/** Validates a module's declaration the same way actions.yml is, and fills in the defaults. */
export function defineAction(module: ActionModule): ActionDefinition {
  const {
    schema,
    idempotent = false,
    execute,
    staleAfter,
    expireAfter,
    escalateTo,
    ...rest
  } = module;
  // One schema for both sources; it speaks the file's snake_case.
  const declared = {
    ...rest,
    stale_after: staleAfter,
    expire_after: expireAfter,
    escalate_to: escalateTo,
  };
  const parsed = moduleFields.safeParse(declared, { error: configErrorMap, reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${formatPath(issuePath(issue))}: ${issue.message}`,
    );
    const name = typeof module.id === "string" ? `"${module.id}"` : "without an id";
    throw new ConfigError([`Action module ${name} is invalid:`, ...problems].join("\n"));
  }
  const { stale_after, expire_after, escalate_to, ...fields } = parsed.data;
  return {
    ...fields,
    staleAfterMs: stale_after ?? null,
    expireAfterMs: expire_after ?? null,
    escalateTo: escalate_to ?? null,
    source: "module",
    schema: schema ?? buildParamsSchema(fields.params),
    idempotent,
    execute,
  };
}
