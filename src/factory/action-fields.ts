import { z } from "zod";
import { wholeNumber } from "./config-issues.ts";
import { paramListSchema } from "./params.ts";

/** The fields every action has, validated alike whether it comes from actions.yml or a module. */

export const ACTION_ID = /^[a-z][a-z0-9-]{1,62}$/;
/** Slack user (U…/W…) or user group (S…) ids. */
export const PRINCIPAL_ID = /^[UWS][A-Z0-9]{2,}$/;
const USER_ID = /^[UW]/;

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
