import type { JsonObject, JsonValue } from "../core/json.ts";
import type { RequestStatus } from "./status.ts";

/** A request as stored. Every field but `version` can be rebuilt by replaying its audit events. */
export interface RequestRecord {
  readonly id: string;
  /** The human number (#12), unique, shown everywhere. */
  readonly number: number;
  readonly actionId: string;
  readonly environment: string;
  readonly team: string;
  readonly params: JsonObject;
  readonly purpose: string;
  readonly makerId: string;
  readonly checkerIds: readonly string[];
  readonly approvalsRequired: number;
  readonly approvedBy: readonly string[];
  readonly status: RequestStatus;
  /** Compare-and-set token: bumped by every transition. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When it was approved, declined, cancelled or expired, and by whom ("system" for expiry). */
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly executionStartedAt: Date | null;
  readonly executedAt: Date | null;
  readonly result: JsonValue | null;
  readonly error: string | null;
  readonly duplicateOfId: string | null;
  /** Shared by a request and all its duplicates: the id of the first one. */
  readonly correlationId: string;
  readonly lastEventId: string;
  /** Automatic reminders sent to the checkers (a maker's nudge is not one). */
  readonly remindersSent: number;
  readonly lastRemindedAt: Date | null;
  /** When it was escalated, and where it was posted (user and channel ids). */
  readonly escalatedAt: Date | null;
  readonly escalatedTo: readonly string[];
  /** Set when the maker broke the glass: ran it without a checker, for this reason. */
  readonly breakGlassReason: string | null;
  /**
   * How many reviews settle a break-glass use (see break-glass-review.ts): 2 when the maker alone
   * chose the reviewers and no audit channel sees it, else 1.
   */
  readonly reviewsRequired: number;
  /**
   * A designated checker's review of a break-glass use, after the fact. Null until it settles:
   * with two reviews required, `reviewedBy` names the first reviewer meanwhile.
   */
  readonly reviewVerdict: ReviewVerdict | null;
  readonly reviewedBy: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewNote: string | null;
  /**
   * Checkers standing in for someone away (delegation): delegate id → the checker they stand in
   * for. Decisions they make are recorded as made on that checker's behalf.
   */
  readonly onBehalfOf: Readonly<Record<string, string>>;
  /**
   * Set when a Workflow Builder step filed it (see workflow-step.ts): the step waits for the
   * request to close, and is completed with its outcome in the transaction that closes it.
   */
  readonly workflowStep: WorkflowStep | null;
}

/** The Workflow Builder step a request was filed by: what correlates the two. */
export interface WorkflowStep {
  /** Slack's function_execution_id (Fx…): the step to complete. */
  readonly executionId: string;
  /** The run of the workflow (Wx…), for the workflow author's activity log. */
  readonly workflowExecutionId: string | null;
  /** What the workflow shows the checker beside the request (its `details` input). */
  readonly details: string | null;
}

export const REVIEW_VERDICTS = ["ACKNOWLEDGED", "FLAGGED"] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
