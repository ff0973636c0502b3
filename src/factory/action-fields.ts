import { z } from "zod";
import { durationSchema } from "../core/duration.ts";
import { wholeNumber } from "./config-issues.ts";
import { paramListSchema } from "./params.ts";

/** The fields every action has, validated alike whether it comes from actions.yml or a module. */

export const ACTION_ID = /^[a-z][a-z0-9-]{1,62}$/;
/** Slack user (U…/W…) or user group (S…) ids. */
export const PRINCIPAL_ID = /^[UWS][A-Z0-9]{2,}$/;
const USER_ID = /^[UW]/;
export const ESCALATION_TARGET = /^[UWSCG][A-Z0-9]{2,}$/;

const principals = z
  .array(z.string().regex(PRINCIPAL_ID, "must be a Slack user ID (U…/W…) or user group ID (S…)"))
  .default([]);

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
};

/**
 * An allow-list of individual users smaller than `approvals` can never be satisfied; with a
 * group in the list the count is unknown until run time, so it is not checked.
 */
export const approvalsReachable = z.superRefine<{ approvals: number; checkers: string[] }>(
  ({ approvals, checkers }, ctx) => {
    if (checkers.length === 0 || !checkers.every((id) => USER_ID.test(id))) return;
    const people = new Set(checkers).size;
    if (people < approvals) {
      ctx.addIssue({
        code: "custom",
        path: ["approvals"],
        message: `needs ${approvals} distinct checkers but checkers lists only ${people}`,
      });
    }
  },
);
