import type { ActionDefinition } from "../factory/types.ts";
import type { AuditEvent } from "./audit-events.ts";
import type { Delegation } from "./delegation.ts";
import type { RequestLimits } from "./limits.ts";
import { type EffectiveRule, ruleFor } from "./rules.ts";
import type { SchedulePolicy } from "./schedule.ts";
import type { Written } from "./store.ts";
import type { RequestRecord } from "./types.ts";
import { advancePending, type PendingOutcome, policyOf } from "./use-cases/advance-pending.ts";
import { type ApprovalResult, approveRequest } from "./use-cases/approve-request.ts";
import { cancelRequest } from "./use-cases/cancel-request.ts";
import { requestableActions, whyNotMaker } from "./use-cases/check-maker.ts";
import {
  type DecisionInput,
  type RequestServiceDeps,
  type UseCaseContext,
  useCaseContext,
} from "./use-cases/context.ts";
import { createRequest } from "./use-cases/create-request.ts";
import { checkDecision } from "./use-cases/decide-request.ts";
import { declineRequest } from "./use-cases/decline-request.ts";
import { checkDuplicate, duplicateRequest } from "./use-cases/duplicate-request.ts";
import { executeRequest } from "./use-cases/execute-request.ts";
import { expireRequest } from "./use-cases/expire-request.ts";
import {
  type FiledStep,
  fileStepRequest,
  type StepRequestInput,
} from "./use-cases/file-step-request.ts";
import { type CheckerChoices, listCheckerChoices } from "./use-cases/list-checker-choices.ts";
import type { NewRequestInput } from "./use-cases/new-request-input.ts";
import { type NudgeResult, nudgeCheckers } from "./use-cases/nudge-checkers.ts";
import type { Outcome } from "./use-cases/refusals.ts";
import { type RerouteReport, reroutePending } from "./use-cases/reroute-pending.ts";
import { resumeExecution } from "./use-cases/resume-execution.ts";
import { checkReview, type ReviewInput, reviewBreakGlass } from "./use-cases/review-break-glass.ts";
import { environmentsFor } from "./use-cases/validate-new-request.ts";

export type { PendingOutcome } from "./use-cases/advance-pending.ts";
export type { ApprovalResult } from "./use-cases/approve-request.ts";
export type { DecisionInput, RequestServiceDeps } from "./use-cases/context.ts";
export type { FiledStep, StepRequestInput } from "./use-cases/file-step-request.ts";
export type { CheckerChoice, CheckerChoices } from "./use-cases/list-checker-choices.ts";
export type { NewRequestInput } from "./use-cases/new-request-input.ts";
export type { NudgeResult } from "./use-cases/nudge-checkers.ts";
export type { Outcome, RefusalCode } from "./use-cases/refusals.ts";
export type { KeptCode, KeptRequest, RerouteReport } from "./use-cases/reroute-pending.ts";
export type { ReviewInput } from "./use-cases/review-break-glass.ts";

/**
 * The maker-checker rules, one use case per module under use-cases/; this class only holds their
 * shared context. Every change is decided on the stored state and written with a
 * compare-and-set, so of two concurrent clicks exactly one wins and the other is re-decided on
 * what the winner left (usually: a refusal saying what happened).
 */
export class RequestService {
  readonly #ctx: UseCaseContext;

  constructor(deps: RequestServiceDeps) {
    this.#ctx = useCaseContext(deps);
  }

  get limits(): RequestLimits {
    return this.#ctx.limits;
  }

  findById(id: string): Promise<RequestRecord | null> {
    return this.#ctx.store.findById(id);
  }

  findByNumber(number: number): Promise<RequestRecord | null> {
    return this.#ctx.store.findByNumber(number);
  }

  /** A request with the audit events of it and its duplicates, oldest first: its story. */
  async storyOf(
    requestId: string,
  ): Promise<{ request: RequestRecord; events: AuditEvent[] } | null> {
    const request = await this.#ctx.store.findById(requestId);
    if (!request) return null;
    return { request, events: await this.#ctx.store.eventsOf(request.correlationId) };
  }

  /** Approved requests that have not started running (a crash or restart came between). */
  approvedNotStarted(limit = 100): Promise<RequestRecord[]> {
    return this.#ctx.store.findByStatus("APPROVED", limit);
  }

  /** The environments a maker may pick for `action`. */
  environmentsFor(action: ActionDefinition): readonly string[] {
    return environmentsFor(this.#ctx, action);
  }

  /** What `action` requires in `environment`: shown in the form as soon as it is chosen. */
  ruleFor(action: ActionDefinition, environment: string): EffectiveRule {
    return ruleFor(action, environment);
  }

  policyOf(request: Pick<RequestRecord, "actionId" | "environment">): SchedulePolicy {
    return policyOf(this.#ctx, request);
  }

  createRequest(input: NewRequestInput): Promise<Outcome<Written>> {
    return createRequest(this.#ctx, input, null);
  }

  /** A Workflow Builder step's request (see file-step-request.ts). */
  fileStepRequest(input: StepRequestInput): Promise<Outcome<FiledStep>> {
    return fileStepRequest(this.#ctx, input);
  }

  checkDuplicate(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    return checkDuplicate(this.#ctx, input);
  }

  duplicateRequest(input: DecisionInput & Partial<NewRequestInput>): Promise<Outcome<Written>> {
    return duplicateRequest(this.#ctx, input);
  }

  approveRequest(input: DecisionInput): Promise<Outcome<ApprovalResult>> {
    return approveRequest(this.#ctx, input);
  }

  declineRequest(input: DecisionInput & { readonly reason: string }): Promise<Outcome<Written>> {
    return declineRequest(this.#ctx, input);
  }

  checkDecision(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    return checkDecision(this.#ctx, input);
  }

  cancelRequest(
    input: DecisionInput & { readonly reason?: string | undefined },
  ): Promise<Outcome<Written>> {
    return cancelRequest(this.#ctx, input);
  }

  nudgeCheckers(input: DecisionInput): Promise<Outcome<NudgeResult>> {
    return nudgeCheckers(this.#ctx, input);
  }

  reviewBreakGlass(input: ReviewInput): Promise<Outcome<Written>> {
    return reviewBreakGlass(this.#ctx, input);
  }

  checkReview(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    return checkReview(this.#ctx, input);
  }

  advancePending(requestId: string): Promise<PendingOutcome> {
    return advancePending(this.#ctx, requestId);
  }

  expireRequest(requestId: string): Promise<Outcome<Written>> {
    return expireRequest(this.#ctx, requestId);
  }

  executeRequest(requestId: string): Promise<Outcome<RequestRecord>> {
    return executeRequest(this.#ctx, requestId);
  }

  resumeExecution(
    requestId: string,
    found?: Pick<RequestRecord, "version">,
  ): Promise<Outcome<RequestRecord>> {
    return resumeExecution(this.#ctx, requestId, found);
  }

  /** Aborts running executors (their `ctx.signal`); used on shutdown. */
  abortExecutions(reason = "the bot is shutting down"): void {
    this.#ctx.shutdown.abort(new Error(reason));
  }

  reroutePending(delegation: Delegation): Promise<RerouteReport> {
    return reroutePending(this.#ctx, delegation);
  }

  whyNotMaker(action: ActionDefinition, userId: string): Promise<string | null> {
    return whyNotMaker(this.#ctx, action, userId);
  }

  /** Whom the form's checker field offers (throws when a group cannot be read right now). */
  checkerChoices(
    action: ActionDefinition,
    environment: string | undefined,
    makerId: string,
    cap: number,
  ): Promise<CheckerChoices> {
    return listCheckerChoices(this.#ctx, action, environment, makerId, cap);
  }

  requestableActions(userId: string): Promise<ActionDefinition[]> {
    return requestableActions(this.#ctx, userId);
  }
}
