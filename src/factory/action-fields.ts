import { z } from "zod";
import { durationSchema } from "../core/duration.ts";
import { strictObject, wholeNumber } from "./config-issues.ts";
import { paramListSchema } from "./params.ts";
import type { EnvironmentRule } from "./types.ts";

/** The fields every action has, validated alike whether it comes from actions.yml or a module. */

export const ACTION_ID = /^[a-z][a-z0-9-]{1,62}$/;
/** Slack user (U…/W…) or user group (S…) ids. */
export const PRINCIPAL_ID = /^[UWS][A-Z0-9]{2,}$/;
const USER_ID = /^[UW]/;
export const ESCALATION_TARGET = /^[UWSCG][A-Z0-9]{2,}$/;

const principals = z
  .array(z.string().regex(PRINCIPAL_ID, "must be a Slack user ID (U…/W…) or user group ID (S…)"))
  .default([]);

/** One environment's rule, as written: `production: { approvals: 2, checkers: [S0SRE] }`. */
const environmentRule = strictObject({
  approvals: wholeNumber().min(1).max(10).optional(),
  checkers: z
    .array(z.string().regex(PRINCIPAL_ID, "must be a Slack user ID (U…/W…) or user group ID (S…)"))
    .min(1)
    .optional(),
  stale_after: durationSchema.optional(),
  expire_after: durationSchema.optional(),
  warning: z.string().trim().min(1).max(500).optional(),
  /** How the form names the environment (default: the id title-cased). */
  label: z.string().trim().min(1).max(75).optional(),
});

export const actionFields = {
  id: z
    .string()
    .regex(
      ACTION_ID,
      "must be kebab-case (a-z, 0-9 and -, starting with a letter), 2 to 63 characters",
    ),
  title: z.string().trim().min(1),
  description: z.string().trim().default(""),
  environments: z.array(z.string().trim().min(1)).default([]),
  approvals: wholeNumber().min(1).max(10).default(1),
  checkers: principals,
  makers: principals,
  params: paramListSchema.default([]),
  /** Overrides STALE_AFTER and EXPIRE_AFTER for this action. */
  stale_after: durationSchema.optional(),
  expire_after: durationSchema.optional(),
  /** Who hears of a request nobody decided after the last reminder. */
  escalate_to: z
    .string()
    .regex(
      ESCALATION_TARGET,
      "must be a Slack user ID (U…/W…), user group ID (S…) or channel ID (C…/G…)",
    )
    .optional(),
  /** Per environment: `production: { approvals: 2, checkers: [S0SRE], expire_after: 1h }`. */
  rules: z.record(z.string().trim().min(1), environmentRule).default({}),
  /** Allows running it without a checker in an emergency, with a reason; reviewed after. */
  break_glass: z.boolean().default(false),
};

/**
 * An allow-list of individual users smaller than `approvals` can never be satisfied; with a
 * group in the list the count is unknown until run time, so it is not checked.
 */
export const approvalsReachable = z.superRefine<{
  approvals: number;
  checkers: string[];
  environments: string[];
  rules: Record<string, { approvals?: number | undefined; checkers?: string[] | undefined }>;
}>(({ approvals, checkers, environments, rules }, ctx) => {
  const check = (path: PropertyKey[], needed: number, list: readonly string[]) => {
    if (list.length === 0 || !list.every((id) => USER_ID.test(id))) return;
    const people = new Set(list).size;
    if (people < needed) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `needs ${needed} distinct checkers but checkers lists only ${people}`,
      });
    }
  };
  check(["approvals"], approvals, checkers);
  for (const [environment, rule] of Object.entries(rules ?? {})) {
    if (environments?.length > 0 && !environments.includes(environment)) {
      ctx.addIssue({
        code: "custom",
        path: ["rules", environment],
        message: `"${environment}" is not one of this action's environments (${environments.join(", ")})`,
      });
    }
    check(
      ["rules", environment, "approvals"],
      rule.approvals ?? approvals,
      rule.checkers ?? checkers,
    );
  }
});

type ParsedFields = z.output<z.ZodObject<typeof actionFields>>;

/** The validated snake_case fields as an ActionDefinition has them (durations in ms). */
export function definitionFields(parsed: ParsedFields) {
  const { stale_after, expire_after, escalate_to, rules, break_glass, ...fields } = parsed;
  const environmentRules: Record<string, EnvironmentRule> = {};
  for (const [environment, rule] of Object.entries(rules)) {
    environmentRules[environment] = {
      ...(rule.label ? { label: rule.label } : {}),
      ...(rule.approvals !== undefined ? { approvals: rule.approvals } : {}),
      ...(rule.checkers ? { checkers: rule.checkers } : {}),
      ...(rule.stale_after !== undefined ? { staleAfterMs: rule.stale_after } : {}),
      ...(rule.expire_after !== undefined ? { expireAfterMs: rule.expire_after } : {}),
      ...(rule.warning ? { warning: rule.warning } : {}),
    };
  }
  return {
    ...fields,
    staleAfterMs: stale_after ?? null,
    expireAfterMs: expire_after ?? null,
    escalateTo: escalate_to ?? null,
    rules: environmentRules,
    breakGlass: break_glass,
  };
}
