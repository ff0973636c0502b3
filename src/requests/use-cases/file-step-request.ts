import { ok } from "../../core/result.ts";
import { ruleFor } from "../rules.ts";
import type { RequestRecord } from "../types.ts";
import { designatedReviewers } from "./check-checkers.ts";
import type { UseCaseContext } from "./context.ts";
import { createRequest } from "./create-request.ts";
import type { Outcome } from "./refusal-codes.ts";
import { environmentsFor } from "./validate-new-request.ts";

/** What a Workflow Builder step asks for: its inputs, as the workflow gave them. */
export interface StepRequestInput {
  /** Slack's function_execution_id (Fx…): at most one request per execution. */
  readonly executionId: string;
  readonly workflowExecutionId: string | null;
  readonly actionId: string;
  readonly makerId: string;
  /** Null: the checkers the action's rule designates for the environment. */
  readonly checkerId: string | null;
  /** Null: the action's only environment, if it has one. */
  readonly environment: string | null;
  readonly team: string;
  readonly purpose: string;
  readonly details: string | null;
  /** The action's parameters, as an object. */
  readonly params: unknown;
}

export interface FiledStep {
  readonly request: RequestRecord;
  /** False when this execution had filed it already (Slack delivered the step again). */
  readonly created: boolean;
}

/**
 * Files the request a workflow step asks for, under the same rules as the form (allow-lists,
 * per-environment rules, self-approval, delegation, rate limit); the step is completed when the
 * request closes. Delivered twice, from any replica, an execution still files one request.
 */
export async function fileStepRequest(
  ctx: UseCaseContext,
  input: StepRequestInput,
): Promise<Outcome<FiledStep>> {
  const filed = await ctx.store.findByWorkflowStep(input.executionId);
  if (filed) return ok({ request: filed, created: false });
  const action = ctx.actions.require(input.actionId);
  if (!action.ok) return action;
  const offered = environmentsFor(ctx, action.value);
  const environment = input.environment ?? (offered.length === 1 ? (offered[0] ?? "") : "");
  const rule = ruleFor(action.value, environment.trim());
  const checkerIds = input.checkerId
    ? [input.checkerId]
    : await designatedReviewers(ctx, rule.checkers, input.makerId);
  const request = {
    actionId: input.actionId,
    environment,
    team: input.team,
    params: input.params,
    purpose: input.purpose,
    makerId: input.makerId,
    checkerIds,
    workflowStep: {
      executionId: input.executionId,
      workflowExecutionId: input.workflowExecutionId,
      details: input.details,
    },
  };
  try {
    const written = await createRequest(ctx, request, null);
    return written.ok ? ok({ request: written.value.request, created: true }) : written;
  } catch (error) {
    // Another delivery of the same execution filed it first (the unique index said no).
    const other = await ctx.store.findByWorkflowStep(input.executionId);
    if (other) return ok({ request: other, created: false });
    throw error;
  }
}
