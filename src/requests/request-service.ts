import { randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { describeError } from "../core/errors.ts";
import { type JsonObject, toJson } from "../core/json.ts";
import { ok, type Result, refuse } from "../core/result.ts";
import { parseActionParams } from "../factory/params.ts";
import type { ActionRegistry } from "../factory/registry.ts";
import type { ActionDefinition, ExecutionOutcome } from "../factory/types.ts";
import type { AuditEvent, AuditEventDraft, AuditEventType } from "./audit-events.ts";
import { SYSTEM_ACTOR } from "./audit-events.ts";
import {
  reviewDetails,
  reviewersProblem,
  reviewsRequiredFor,
  sealedRequirement,
  secondLookRefusal,
} from "./break-glass-review.ts";
import { type DecisionRules, type DecisionVerb, decisionGuard } from "./decision-guard.ts";
import type { Delegation, DelegationLookup } from "./delegation.ts";
import { type Directory, isAllowed, type PersonStatus } from "./directory.ts";
import { type LeaseHolder, newLeaseHolder } from "./lease.ts";
import {
  checkerCap,
  DEFAULT_LIMITS,
  type RequestLimits,
  rateLimited,
  tooManyCheckers,
} from "./limits.ts";
import { recordOutcome } from "./record-outcome.ts";
import { type RepeatSealing, repeatSealing } from "./refused-attempts.ts";
import type { CreatedDetails } from "./replay.ts";
import { resumeStep } from "./resume-policy.ts";
import { describePrincipals, type EffectiveRule, ruleFor } from "./rules.ts";
import {
  dueStep,
  EXECUTION_HEARTBEAT_MS,
  EXECUTION_LEASE_MS,
  policyFor,
  type ScheduleDefaults,
} from "./schedule.ts";
import { trailRefusal } from "./sealed-request.ts";
import { DUPLICABLE_STATUSES, type RequestStatus } from "./status.ts";
import { asOutcome } from "./storable-outcome.ts";
import type { RequestStore, Written } from "./store.ts";
import type { RequestRecord, ReviewVerdict } from "./types.ts";

export type RefusalCode =
  | "ACTION.UNKNOWN"
  | "ACTION.UNAVAILABLE"
  | "REQUEST.INVALID"
  | "REQUEST.NOT_FOUND"
  | "REQUEST.NOT_PENDING"
  | "REQUEST.NOT_A_CHECKER"
  | "REQUEST.SELF_APPROVAL"
  | "REQUEST.ALREADY_APPROVED"
  | "REQUEST.NOT_THE_MAKER"
  | "REQUEST.REASON_REQUIRED"
  | "REQUEST.NOT_DUPLICABLE"
  | "REQUEST.MAKER_NOT_ALLOWED"
  | "REQUEST.CHECKER_NOT_ALLOWED"
  | "REQUEST.CHECKER_UNAVAILABLE"
  | "REQUEST.TOO_SOON"
  | "REQUEST.NOT_DUE"
  | "REQUEST.BUSY"
  | "REQUEST.BREAK_GLASS_NOT_ALLOWED"
  | "REQUEST.NOT_BREAK_GLASS"
  | "REQUEST.ALREADY_REVIEWED"
  | "REQUEST.TRAIL_MISMATCH"
  | "REQUEST.RATE_LIMITED";

export type Outcome<T> = Result<T, RefusalCode>;

export const LIMITS = {
  purpose: 3000,
  team: 200,
  environment: 100,
  reason: 3000,
} as const;

export const DEFAULT_SCHEDULE: ScheduleDefaults = {
  staleAfterMs: 4 * 60 * 60_000,
  maxReminders: 3,
  expireAfterMs: 7 * 24 * 60 * 60_000,
};

/** A maker may remind the checkers of a request once per this long. */
export const NUDGE_COOLDOWN_MS = 60 * 60_000;

/** Refusals that are slips in a form, not attempts to break a rule: not worth an audit event. */
const FORM_SLIPS: readonly RefusalCode[] = ["REQUEST.INVALID", "REQUEST.CHECKER_UNAVAILABLE"];

/** Pending requests re-routed per delegation start; a checker with more has bigger problems. */
const MAX_REROUTED = 500;

/** The rule of an action no longer configured: anyone may check. */
const NO_RULES = { approvals: 1, checkers: [], staleAfterMs: null, expireAfterMs: null, rules: {} };

/** How often a compare-and-set that lost a race is re-decided on fresh state before giving up. */
const MAX_CAS_ATTEMPTS = 25;

export interface NewRequestInput {
  readonly actionId: string;
  readonly environment: string;
  readonly team: string;
  /** Raw form values; validated and normalised with the action's schema. */
  readonly params: unknown;
  readonly purpose: string;
  readonly makerId: string;
  readonly checkerIds: readonly string[];
  /**
   * Set when the maker breaks the glass: it runs at once, without a checker; the checkers named
   * (and the action's designated ones) review it afterwards.
   */
  readonly breakGlass?: { readonly reason: string } | undefined;
}

export interface DecisionInput {
  readonly requestId: string;
  readonly actorId: string;
}

export interface ReviewInput extends DecisionInput {
  readonly verdict: ReviewVerdict;
  /** Required to flag: what looks wrong. */
  readonly note?: string | undefined;
}

/** What a delegation's start did to the checker's pending requests. */
export interface RerouteReport {
  readonly rerouted: readonly RequestRecord[];
  /** Left with the checker: the delegate cannot check them. */
  readonly kept: readonly { readonly request: RequestRecord; readonly reason: string }[];
}

export interface ApprovalResult extends Written {
  /** True when this approval was the last one needed: the request is APPROVED and may run. */
  readonly approved: boolean;
}

export interface NudgeResult {
  readonly request: RequestRecord;
  /** The checkers who were reminded: those who have not approved yet. */
  readonly waitingOn: readonly string[];
}

/** What the sweep did to a pending request whose time had come. */
export type PendingOutcome =
  | { readonly kind: "reminded" | "escalated" | "expired"; readonly request: RequestRecord }
  /** Nothing was due after all (decided meanwhile, or the settings changed). */
  | { readonly kind: "not-due"; readonly request: RequestRecord | null };

export { INTERRUPTED_ERROR } from "./resume-policy.ts";

export interface RequestServiceDeps {
  readonly store: RequestStore;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly directory: Directory;
  /** Who stands in for checkers who are away; nobody is away when absent. */
  readonly delegations?: DelegationLookup;
  /** Reminders, escalation and expiry; an action's own settings override these. */
  readonly schedule?: ScheduleDefaults;
  /** Environments offered when an action names none. */
  readonly environments: readonly string[];
  readonly fetch?: typeof fetch;
  readonly newId?: () => string;
  /** This process, recorded with the executions it runs; a fresh one (per service) when absent. */
  readonly lease?: LeaseHolder;
  /** Checkers per request and new requests per maker; DEFAULT_LIMITS when absent. */
  readonly limits?: RequestLimits;
  /**
   * Where every break-glass use is posted as it happens (AUDIT_CHANNEL), if anywhere: someone
   * besides the reviewers the maker named sees it (see break-glass-review.ts).
   */
  readonly auditChannel?: string | undefined;
}

/**
 * The maker-checker rules. Every change is decided on the stored state and written with a
 * compare-and-set, so of two concurrent clicks exactly one wins and the other is re-decided on
 * what the winner left (usually: a refusal saying what happened).
 */
export class RequestService {
  readonly #store: RequestStore;
  readonly #actions: ActionRegistry;
  readonly #clock: Clock;
  readonly #directory: Directory;
  readonly #delegations: DelegationLookup | null;
  readonly #environments: readonly string[];
  readonly #fetch: typeof fetch;
  readonly #newId: () => string;
  readonly #schedule: ScheduleDefaults;
  readonly #hasAuditChannel: boolean;
  readonly #shutdown = new AbortController();
  readonly #lease: LeaseHolder;
  readonly #limits: RequestLimits;
  /** Repeats of a refused attempt are counted, and sealed as one event per window. */
  readonly #repeats: RepeatSealing;

  constructor(deps: RequestServiceDeps) {
    this.#store = deps.store;
    this.#actions = deps.actions;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
    this.#delegations = deps.delegations ?? null;
    this.#environments = deps.environments;
    this.#fetch = deps.fetch ?? globalThis.fetch;
    this.#newId = deps.newId ?? randomUUID;
    this.#schedule = deps.schedule ?? DEFAULT_SCHEDULE;
    this.#hasAuditChannel = Boolean(deps.auditChannel);
    this.#lease = deps.lease ?? newLeaseHolder("unnamed");
    this.#limits = deps.limits ?? DEFAULT_LIMITS;
    this.#repeats = repeatSealing(this.#newId);
  }

  get limits(): RequestLimits {
    return this.#limits;
  }

  findById(id: string): Promise<RequestRecord | null> {
    return this.#store.findById(id);
  }

  findByNumber(number: number): Promise<RequestRecord | null> {
    return this.#store.findByNumber(number);
  }

  /** A request with the audit events of it and its duplicates, oldest first: its story. */
  async storyOf(
    requestId: string,
  ): Promise<{ request: RequestRecord; events: AuditEvent[] } | null> {
    const request = await this.#store.findById(requestId);
    if (!request) return null;
    return { request, events: await this.#store.eventsOf(request.correlationId) };
  }

  /** Approved requests that have not started running (a crash or restart came between). */
  approvedNotStarted(limit = 100): Promise<RequestRecord[]> {
    return this.#store.findByStatus("APPROVED", limit);
  }

  /** The environments a maker may pick for `action`. */
  environmentsFor(action: ActionDefinition): readonly string[] {
    return action.environments.length > 0 ? action.environments : this.#environments;
  }

  async createRequest(input: NewRequestInput): Promise<Outcome<Written>> {
    return this.#create(input, null);
  }

  /**
   * Whether `actorId` may duplicate the request: only its maker (a copy carries the maker's values,
   * sensitive ones included), and only once it ended without running. Asked before the form opens
   * filled in with it; a refusal is recorded like any other attempt.
   */
  async checkDuplicate(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    const original = await this.#store.findById(input.requestId);
    if (!original) return notFound(input.requestId);
    const refused =
      original.makerId !== input.actorId
        ? refuse(
            "REQUEST.NOT_THE_MAKER",
            `Only <@${original.makerId}> can duplicate #${original.number}: a copy is filed with their values.`,
          )
        : !DUPLICABLE_STATUSES.includes(original.status)
          ? refuse(
              "REQUEST.NOT_DUPLICABLE",
              `#${original.number} is ${label(original.status)}; only a declined, failed, cancelled or expired request can be duplicated.`,
            )
          : null;
    if (!refused) return ok(original);
    const { code, message } = refused.refusal;
    await this.#refuseAttempt(original, input.actorId, "duplicate", code, message);
    return refused;
  }

  /** Files a new PENDING request from a closed one, for its maker; `changes` are what they edited. */
  async duplicateRequest(
    input: { readonly requestId: string; readonly actorId: string } & Partial<NewRequestInput>,
  ): Promise<Outcome<Written>> {
    const allowed = await this.checkDuplicate(input);
    if (!allowed.ok) return allowed;
    const original = allowed.value;
    return this.#create(
      {
        actionId: input.actionId ?? original.actionId,
        environment: input.environment ?? original.environment,
        team: input.team ?? original.team,
        params: input.params ?? original.params,
        purpose: input.purpose ?? original.purpose,
        makerId: input.actorId,
        checkerIds: input.checkerIds ?? original.checkerIds,
        breakGlass: input.breakGlass,
      },
      original,
    );
  }

  async approveRequest(input: DecisionInput): Promise<Outcome<ApprovalResult>> {
    return this.#decide(input, "approve", (request) => {
      const approvals = request.approvedBy.length + 1;
      const approved = approvals >= request.approvalsRequired;
      return {
        type: approved ? "REQUEST_APPROVED" : "APPROVAL_RECORDED",
        toStatus: approved ? "APPROVED" : "PENDING",
        details: { approvals, approvalsRequired: request.approvalsRequired },
      };
    }).then((outcome) =>
      outcome.ok
        ? ok({ ...outcome.value, approved: outcome.value.request.status === "APPROVED" })
        : outcome,
    );
  }

  async declineRequest(
    input: DecisionInput & { readonly reason: string },
  ): Promise<Outcome<Written>> {
    const reason = input.reason.trim();
    if (!reason) {
      return refuse(
        "REQUEST.REASON_REQUIRED",
        "Say why you decline, so the maker knows what to change.",
        {
          reason: "A reason is required.",
        },
      );
    }
    if (reason.length > LIMITS.reason) return tooLong("reason", "The reason", LIMITS.reason);
    return this.#decide(input, "decline", () => ({
      type: "REQUEST_DECLINED",
      toStatus: "DECLINED",
      details: { reason },
    }));
  }

  async cancelRequest(
    input: DecisionInput & { readonly reason?: string | undefined },
  ): Promise<Outcome<Written>> {
    const reason = input.reason?.trim() || null;
    return this.#change(input, "cancel", async (request) => {
      if (request.makerId !== input.actorId) {
        return refuse(
          "REQUEST.NOT_THE_MAKER",
          `Only <@${request.makerId}> can cancel #${request.number}.`,
        );
      }
      if (request.status !== "PENDING") return notPending(request, "cancelled");
      return ok({ type: "REQUEST_CANCELLED", toStatus: "CANCELLED", details: { reason } });
    });
  }

  /**
   * The maker reminds the checkers who have not decided yet. Recorded in the audit trail; the
   * reminder itself is delivered by the notifier.
   */
  async nudgeCheckers(input: DecisionInput): Promise<Outcome<NudgeResult>> {
    const request = await this.#store.findById(input.requestId);
    if (!request) return notFound(input.requestId);
    const refused =
      request.makerId !== input.actorId
        ? refuse(
            "REQUEST.NOT_THE_MAKER",
            `Only <@${request.makerId}> can nudge the checkers of #${request.number}.`,
          )
        : request.status !== "PENDING"
          ? notPending(request, "nudged")
          : null;
    if (refused) {
      const { code, message } = refused.refusal;
      await this.#refuseAttempt(request, input.actorId, "nudge", code, message);
      return refused;
    }
    const events = await this.#store.eventsOf(request.correlationId);
    const lastNudge = events.findLast(
      (event) => event.requestId === request.id && event.type === "CHECKER_NUDGED",
    );
    const allowedAt = lastNudge ? new Date(lastNudge.at.getTime() + NUDGE_COOLDOWN_MS) : null;
    if (lastNudge && allowedAt && this.#clock.now() < allowedAt) {
      return refuse(
        "REQUEST.TOO_SOON",
        `You already nudged the checkers of #${request.number} at ${formatTime(lastNudge.at)}; you can nudge them again after ${formatTime(allowedAt)}.`,
      );
    }
    const checkers = waitingOn(request);
    await this.#store.append(
      {
        ...this.#draft(request, "CHECKER_NUDGED", input.actorId, request.lastEventId),
        details: { checkers },
      },
      request,
    );
    return ok({ request, waitingOn: checkers });
  }

  /**
   * The sweep found a pending request whose time had come: reminds its checkers, escalates it or
   * expires it, whichever is due now. Decided on the stored state and written with
   * compare-and-set, so two sweeps (replicas) never send the same reminder or expire it twice.
   */
  async advancePending(requestId: string): Promise<PendingOutcome> {
    let settled: RequestRecord | null = null;
    const written = await this.#change(
      { requestId, actorId: SYSTEM_ACTOR },
      "advance",
      async (request) => {
        settled = request;
        const step =
          request.status === "PENDING"
            ? dueStep(request, this.policyOf(request), this.#clock.now())
            : null;
        if (!step) return refuse("REQUEST.NOT_DUE", "not due");
        switch (step.kind) {
          case "expire":
            return ok({ type: "REQUEST_EXPIRED", toStatus: "EXPIRED", details: { reason: null } });
          case "remind":
            return ok({
              type: "REMINDER_SENT",
              toStatus: "PENDING",
              details: { reminder: step.reminder, checkers: waitingOn(request) },
            });
          case "escalate":
            return ok({
              type: "REQUEST_ESCALATED",
              toStatus: "PENDING",
              details: {
                to: step.to,
                recipients: await this.#escalationRecipients(step.to, request),
              },
            });
        }
      },
      { auditRefusal: false },
    );
    if (!written.ok) return { kind: "not-due", request: settled };
    const kinds = {
      REMINDER_SENT: "reminded",
      REQUEST_ESCALATED: "escalated",
      REQUEST_EXPIRED: "expired",
    } as const;
    const kind = kinds[written.value.event.type as keyof typeof kinds];
    return { kind, request: written.value.request };
  }

  policyOf(request: Pick<RequestRecord, "actionId" | "environment">) {
    return policyFor(this.#schedule, this.#actions.get(request.actionId), request.environment);
  }

  /** What `action` requires in `environment`: shown in the form as soon as it is chosen. */
  ruleFor(action: ActionDefinition, environment: string): EffectiveRule {
    return ruleFor(action, environment);
  }

  /** A user group is posted to each of its members (but the maker); a user or channel as is. */
  async #escalationRecipients(to: string, request: RequestRecord): Promise<string[]> {
    if (!to.startsWith("S")) return [to];
    const members = await this.#directory.membersOf(to);
    return members.filter((id) => id !== request.makerId);
  }

  /** Expires a pending request now, whatever its schedule says (an operator's decision). */
  async expireRequest(requestId: string): Promise<Outcome<Written>> {
    return this.#change({ requestId, actorId: SYSTEM_ACTOR }, "expire", async (request) => {
      if (request.status !== "PENDING") return notPending(request, "expired");
      return ok({ type: "REQUEST_EXPIRED", toStatus: "EXPIRED", details: { reason: null } });
    });
  }

  /**
   * Runs an APPROVED request through its executor: APPROVED → EXECUTING → FINISHED | FAILED.
   * The first step is a compare-and-set too, so however many callers race here, one runs it.
   */
  async executeRequest(requestId: string): Promise<Outcome<RequestRecord>> {
    const started = await this.#change(
      { requestId, actorId: SYSTEM_ACTOR },
      "execute",
      async (request) => {
        if (request.status !== "APPROVED") return notPending(request, "run");
        // Approved in the row is not enough: its trail must say so too.
        const untrusted = await trailRefusal(this.#store, request, "run");
        if (untrusted) return untrusted;
        return ok({ type: "EXECUTION_STARTED", toStatus: "EXECUTING", details: {} });
      },
      { auditRefusal: false, lease: this.#lease },
    );
    if (!started.ok) return started;
    return this.#run(started.value);
  }

  /**
   * The caller claimed a request EXECUTING whose process is gone (its lease ran out, or it was an
   * earlier run of this process). An idempotent action runs again (a webhook with the same
   * Idempotency-Key), at most MAX_RESUMES times; any other is marked FAILED rather than risk
   * doing it twice (see resume-policy.ts). With `found`, the request as the caller claimed it:
   * once it changed (another process resumed it first), it is not resumed again.
   */
  async resumeExecution(
    requestId: string,
    found?: Pick<RequestRecord, "version">,
  ): Promise<Outcome<RequestRecord>> {
    const resumed = await this.#change(
      { requestId, actorId: SYSTEM_ACTOR },
      "resume",
      async (request) => {
        if (request.status !== "EXECUTING") return notPending(request, "resumed");
        if (found && request.version !== found.version) {
          return refuse(
            "REQUEST.NOT_PENDING",
            `#${request.number} was resumed by another process.`,
          );
        }
        // One read of the trail serves both the check and the count of earlier resumes.
        const events = await this.#store.eventsOf(request.correlationId);
        const untrusted = await trailRefusal(this.#store, request, "resumed", events);
        if (untrusted) return untrusted;
        return ok(resumeStep(request, this.#actions.get(request.actionId), events));
      },
      { auditRefusal: false, lease: this.#lease },
    );
    if (!resumed.ok) return resumed;
    if (resumed.value.request.status !== "EXECUTING") return ok(resumed.value.request);
    return this.#run(resumed.value);
  }

  /**
   * Runs the executor of a request this caller just moved to EXECUTING, keeping its lease alive
   * meanwhile, and records the outcome. Stopped by shutdown, it leaves the request EXECUTING and
   * due at once, for the next process to resume.
   */
  async #run({ request, event }: Written): Promise<Outcome<RequestRecord>> {
    const lease = this.#lease;
    const renew = () =>
      this.#store.renewLease(
        request.id,
        lease,
        new Date(this.#clock.now().getTime() + EXECUTION_LEASE_MS),
      );
    const heartbeat = setInterval(
      () => void renew().catch(() => undefined),
      EXECUTION_HEARTBEAT_MS,
    );
    heartbeat.unref();
    let outcome: ExecutionOutcome;
    try {
      outcome = await this.#runExecutor(request);
    } finally {
      clearInterval(heartbeat);
    }
    if (!outcome.ok && this.#shutdown.signal.aborted) {
      await this.#store.renewLease(request.id, lease, this.#clock.now());
      return ok(request);
    }
    const finished = await recordOutcome({
      store: this.#store,
      request,
      lease,
      outcome,
      draft: (current, change) => ({
        ...this.#draft(current, change.type, SYSTEM_ACTOR, event.id),
        ...change,
      }),
    });
    return ok(finished.request);
  }

  /** Aborts running executors (their `ctx.signal`); used on shutdown. */
  abortExecutions(reason = "the bot is shutting down"): void {
    this.#shutdown.abort(new Error(reason));
  }

  async #runExecutor(request: RequestRecord): Promise<ExecutionOutcome> {
    const action = this.#actions.get(request.actionId);
    if (!action) {
      return { ok: false, error: `The action "${request.actionId}" is no longer configured.` };
    }
    try {
      const outcome: unknown = await action.execute({
        request: {
          id: request.id,
          number: request.number,
          actionId: request.actionId,
          environment: request.environment,
          team: request.team,
          params: request.params,
          purpose: request.purpose,
          makerId: request.makerId,
          checkerIds: request.checkerIds,
          approvedBy: request.approvedBy,
          approvedAt: request.decidedAt ?? this.#clock.now(),
        },
        signal: this.#shutdown.signal,
        fetch: this.#fetch,
        clock: this.#clock,
      });
      return asOutcome(outcome);
    } catch (error) {
      return { ok: false, error: `The action failed: ${describeError(error)}` };
    }
  }

  async #create(input: NewRequestInput, original: RequestRecord | null): Promise<Outcome<Written>> {
    const action = this.#actions.require(input.actionId);
    if (!action.ok) return action;
    const checked = await this.#validateNew(action.value, input);
    if (!checked.ok) {
      // A typo in a form is not worth an audit event; a rule broken on purpose or not is.
      if (!FORM_SLIPS.includes(checked.refusal.code)) {
        const attempted = original ? "duplicate" : "create";
        await this.#refuseAttempt(
          original,
          input.makerId,
          attempted,
          checked.refusal.code,
          checked.refusal.message,
        );
      }
      return checked;
    }
    const id = this.#newId();
    const details: CreatedDetails = {
      action: action.value.id,
      environment: input.environment.trim(),
      team: input.team.trim(),
      params: checked.value.params,
      purpose: input.purpose.trim(),
      maker: input.makerId,
      checkers: checked.value.checkers,
      ...(Object.keys(checked.value.onBehalfOf).length > 0
        ? { onBehalfOf: checked.value.onBehalfOf }
        : {}),
      approvalsRequired: ruleFor(action.value, input.environment.trim()).approvals,
      duplicateOf: original?.id ?? null,
    };
    const breakGlass = input.breakGlass;
    const reviews = reviewsRequiredFor(
      ruleFor(action.value, input.environment.trim()).checkers,
      this.#hasAuditChannel,
    );
    // Approved as it is created, in the same transaction: never a pending break-glass request.
    const brokenGlass = breakGlass
      ? (created: RequestRecord): AuditEventDraft => ({
          ...this.#draft(created, "BREAK_GLASS_USED", input.makerId, created.lastEventId),
          toStatus: "APPROVED",
          details: {
            reason: breakGlass.reason.trim(),
            reviewers: checked.value.checkers,
            ...sealedRequirement(reviews),
          },
        })
      : undefined;
    const written = await this.#store.insert(
      (number) => ({
        id: this.#newId(),
        type: "REQUEST_CREATED",
        requestId: id,
        requestNumber: number,
        correlationId: original?.correlationId ?? id,
        causationId: original?.lastEventId ?? null,
        actor: input.makerId,
        fromStatus: null,
        toStatus: "PENDING",
        at: this.#clock.now(),
        details: toJson<JsonObject>(details),
      }),
      brokenGlass,
    );
    return ok(written);
  }

  async #validateNew(
    action: ActionDefinition,
    input: NewRequestInput,
  ): Promise<
    Outcome<{ params: JsonObject; checkers: string[]; onBehalfOf: Record<string, string> }>
  > {
    if (!(await isAllowed(this.#directory, input.makerId, action.makers))) {
      return refuse("REQUEST.MAKER_NOT_ALLOWED", makerNotAllowed(action));
    }
    const { requestRate } = this.#limits;
    const limited = await rateLimited(this.#store, input.makerId, this.#clock.now(), requestRate);
    if (limited) return refuse("REQUEST.RATE_LIMITED", limited);
    if (input.breakGlass && !action.breakGlass) {
      return refuse(
        "REQUEST.BREAK_GLASS_NOT_ALLOWED",
        `"${action.title}" cannot be run by breaking the glass: it needs a checker's approval.`,
      );
    }
    const rule = ruleFor(action, input.environment.trim());
    const fields: Record<string, string> = {};
    const params = parseActionParams(action, input.params);
    if (!params.ok) Object.assign(fields, params.errors);

    const environments = this.environmentsFor(action);
    const environment = input.environment.trim();
    if (!environment) fields.environment = "Choose an environment.";
    else if (environments.length > 0 && !environments.includes(environment)) {
      fields.environment = `"${action.title}" runs only in: ${environments.join(", ")}.`;
    }
    const team = input.team.trim();
    if (!team) fields.team = "Say which team or customer this is for.";
    else if (team.length > LIMITS.team) fields.team = `Keep it under ${LIMITS.team} characters.`;
    const purpose = input.purpose.trim();
    if (!purpose) fields.purpose = "Say why this is needed: the checker decides on it.";
    else if (purpose.length > LIMITS.purpose)
      fields.purpose = `Keep it under ${LIMITS.purpose} characters.`;

    if (input.breakGlass) {
      const reason = input.breakGlass.reason.trim();
      if (!reason) fields.breakGlass = "Say what the emergency is: the reviewers read this.";
      else if (reason.length > LIMITS.reason)
        fields.breakGlass = `Keep it under ${LIMITS.reason} characters.`;
    }

    const checkers = [...new Set(input.checkerIds)];
    if (checkers.includes(input.makerId)) {
      // Its own code, not a field error among others: this is the rule the product exists for.
      return refuse(
        "REQUEST.SELF_APPROVAL",
        "You cannot be the checker of your own request: choose someone else.",
        { checkers: "You cannot check your own request." },
      );
    }
    const cap = checkerCap(this.#limits, rule.approvals);
    const tooMany = tooManyCheckers(checkers.length, cap, Boolean(input.breakGlass));
    if (tooMany) fields.checkers = tooMany;
    else if (input.breakGlass) {
      // Nobody approves; the named checkers and the designated ones review it afterwards.
      for (const id of await this.#designatedReviewers(rule.checkers, input.makerId)) {
        if (!checkers.includes(id)) checkers.push(id);
      }
      const reviews = reviewsRequiredFor(rule.checkers, this.#hasAuditChannel);
      const problem = reviewersProblem(action.title, checkers.length, reviews);
      if (problem) fields.checkers = problem;
    } else if (checkers.length < rule.approvals) {
      const where = rule.specific ? ` in ${rule.environment}` : "";
      fields.checkers =
        rule.approvals === 1
          ? "Choose a checker."
          : `"${action.title}" needs ${rule.approvals} approvals${where}: choose at least ${rule.approvals} checkers.`;
    }
    if (Object.keys(fields).length > 0) {
      return refuse("REQUEST.INVALID", "Some fields need another look.", fields);
    }
    for (const checker of input.checkerIds) {
      const unavailable = unavailableReason(await this.#directory.statusOf(checker));
      if (unavailable) {
        return refuse(
          "REQUEST.CHECKER_UNAVAILABLE",
          `<@${checker}> ${unavailable}: choose someone who can decide.`,
          { checkers: `<@${checker}> ${unavailable}.` },
        );
      }
    }
    for (const checker of input.checkerIds) {
      if (!(await isAllowed(this.#directory, checker, rule.checkers))) {
        const where = rule.specific ? ` in ${rule.environment}` : "";
        const who = await this.#nameAllowList(rule.checkers);
        return refuse(
          "REQUEST.CHECKER_NOT_ALLOWED",
          `<@${checker}> may not check "${action.title}" requests${where}: checkers must be ${describePrincipals(rule.checkers)}.`,
          {
            checkers: `${(await this.#directory.nameOf(checker)) ?? checker} may not check this${where}: choose one of ${who}.`,
          },
        );
      }
    }
    const routed = input.breakGlass
      ? ok({ checkers, onBehalfOf: {} })
      : await this.#routeToDelegates(checkers, input.makerId, rule);
    if (!routed.ok) return routed;
    return ok({ params: params.ok ? params.value : {}, ...routed.value });
  }

  /**
   * A checker who is away is replaced by their delegate, recorded as deciding on their behalf.
   * The delegate must be able to check it like anyone else: never the maker, not already one of
   * its checkers, within the allow-list.
   */
  async #routeToDelegates(
    checkers: readonly string[],
    makerId: string,
    rule: EffectiveRule,
  ): Promise<Outcome<{ checkers: string[]; onBehalfOf: Record<string, string> }>> {
    const routed: string[] = [];
    const onBehalfOf: Record<string, string> = {};
    if (!this.#delegations) return ok({ checkers: [...checkers], onBehalfOf });
    for (const checker of checkers) {
      const delegation: Delegation | null = await this.#delegations.activeFor(
        checker,
        this.#clock.now(),
      );
      if (!delegation) {
        routed.push(checker);
        continue;
      }
      const delegate = delegation.delegateId;
      const away = `${await this.#nameOf(checker)} is away until ${formatTime(delegation.endsAt)}`;
      const whyNot =
        delegate === makerId
          ? `${away} and their requests go to you; you cannot check your own request: choose someone else.`
          : checkers.includes(delegate) || routed.includes(delegate)
            ? `${away}; their delegate ${await this.#nameOf(delegate)} is already a checker of this request: choose someone else.`
            : !(await isAllowed(this.#directory, delegate, rule.checkers))
              ? `${away}; their delegate ${await this.#nameOf(delegate)} may not check this: choose someone else.`
              : null;
      if (whyNot) return refuse("REQUEST.CHECKER_UNAVAILABLE", whyNot, { checkers: whyNot });
      routed.push(delegate);
      onBehalfOf[delegate] = checker;
    }
    return ok({ checkers: routed, onBehalfOf });
  }

  async #nameOf(id: string): Promise<string> {
    return (await this.#directory.nameOf(id)) ?? id;
  }

  /**
   * A delegation started: each pending request still waiting on the checker moves to the
   * delegate (CHECKER_REROUTED), unless the delegate cannot check it (they made it, already
   * check it, or are outside its allow-list): it stays with the checker then, and the report
   * says why. Safe to repeat: a request already moved has nothing left to move.
   */
  async reroutePending(delegation: Delegation): Promise<RerouteReport> {
    const from = delegation.checkerId;
    const to = delegation.delegateId;
    const rerouted: RequestRecord[] = [];
    const kept: { request: RequestRecord; reason: string }[] = [];
    for (const waiting of await this.#store.waitingOn(from, MAX_REROUTED)) {
      const outcome = await this.#change(
        { requestId: waiting.id, actorId: from },
        "reroute",
        async (request) => {
          const number = `#${request.number}`;
          if (!waitingOn(request).includes(from) || request.status !== "PENDING") {
            return refuse("REQUEST.NOT_DUE", "nothing to re-route");
          }
          const rule = ruleFor(
            this.#actions.get(request.actionId) ?? NO_RULES,
            request.environment,
          );
          const why =
            request.makerId === to
              ? `<@${to}> made ${number}`
              : request.checkerIds.includes(to)
                ? `<@${to}> already checks ${number}`
                : !(await isAllowed(this.#directory, to, rule.checkers))
                  ? `<@${to}> may not check ${number}`
                  : null;
          if (why) return refuse("REQUEST.CHECKER_UNAVAILABLE", `${why}, so it stays with you.`);
          return ok({
            type: "CHECKER_REROUTED",
            toStatus: "PENDING",
            details: {
              from,
              to,
              delegation: delegation.id,
              until: delegation.endsAt.toISOString(),
            },
          });
        },
        { auditRefusal: false },
      );
      if (outcome.ok) rerouted.push(outcome.value.request);
      else if (outcome.refusal.code !== "REQUEST.NOT_DUE")
        kept.push({ request: waiting, reason: outcome.refusal.message });
    }
    return { rerouted, kept };
  }

  /**
   * Who reviews a break-glass use besides those the maker named: the environment's checker
   * allow-list, user groups expanded to their members, never the maker. A group that cannot be
   * read right now is left out rather than blocking an emergency.
   */
  async #designatedReviewers(allowList: readonly string[], makerId: string): Promise<string[]> {
    const reviewers: string[] = [];
    for (const entry of allowList) {
      const members = entry.startsWith("S")
        ? await this.#directory.membersOf(entry).catch(() => [])
        : [entry];
      for (const id of members) if (id !== makerId && !reviewers.includes(id)) reviewers.push(id);
    }
    return reviewers;
  }

  /**
   * A designated checker reviews a break-glass use after it ran: acknowledges it, or flags it
   * with a note saying what looks wrong. One review settles it.
   */
  async reviewBreakGlass(input: ReviewInput): Promise<Outcome<Written>> {
    const note = input.note?.trim() || null;
    if (input.verdict === "FLAGGED" && !note) {
      return refuse("REQUEST.REASON_REQUIRED", "Say what looks wrong, so it can be followed up.", {
        note: "A note is required to flag.",
      });
    }
    if (note && note.length > LIMITS.reason) return tooLong("note", "The note", LIMITS.reason);
    return this.#change(input, "review", async (request) => {
      const refused = await this.#guard(request, input.actorId, "review", reviewRefusal);
      if (refused) return refused;
      return ok({
        type: "BREAK_GLASS_REVIEWED",
        toStatus: request.status,
        details: { verdict: input.verdict, note, ...reviewDetails(request) },
      });
    });
  }

  /** Whether `actorId` may review the break-glass use now: asked before showing the flag form. */
  async checkReview(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    const request = await this.#store.findById(input.requestId);
    if (!request) return notFound(input.requestId);
    const refused = await this.#guard(request, input.actorId, "review", reviewRefusal);
    if (!refused) return ok(request);
    const { code, message } = refused.refusal;
    await this.#refuseAttempt(request, input.actorId, "review", code, message);
    return refused;
  }

  /** approve / decline: the rules every decision shares, then the decision's own event. */
  #decide(
    input: DecisionInput,
    verb: "approve" | "decline",
    decide: (request: RequestRecord) => Pick<AuditEventDraft, "type" | "toStatus" | "details">,
  ): Promise<Outcome<Written>> {
    return this.#change(input, verb, async (request) => {
      const refused = await this.#guard(request, input.actorId, verb, (r, actor) =>
        decisionRefusal(r, actor, verb),
      );
      if (refused) return refused;
      const decision = decide(request);
      // A delegate's decision is recorded as made on behalf of the checker who is away.
      const onBehalfOf = request.onBehalfOf[input.actorId];
      return ok(
        onBehalfOf ? { ...decision, details: { ...decision.details, onBehalfOf } } : decision,
      );
    });
  }

  /**
   * Whether `actorId` may decide on the request now, without deciding: asked before showing the
   * decline form, so a stranger never gets a form whose answer would be refused anyway. A refusal
   * is recorded like any other attempt.
   */
  async checkDecision(input: DecisionInput): Promise<Outcome<RequestRecord>> {
    const request = await this.#store.findById(input.requestId);
    if (!request) return notFound(input.requestId);
    const refused = await this.#guard(request, input.actorId, "decline", (r, actor) =>
      decisionRefusal(r, actor, "decline"),
    );
    if (!refused) return ok(request);
    const { code, message } = refused.refusal;
    await this.#refuseAttempt(request, input.actorId, "decline", code, message);
    return refused;
  }

  /** A decision's rules, on a row its sealed trail agrees with, by someone still allowed to check. */
  #guard<Code extends RefusalCode>(
    request: RequestRecord,
    actorId: string,
    verb: DecisionVerb,
    rules: DecisionRules<Code>,
  ) {
    const deps = { store: this.#store, directory: this.#directory, actions: this.#actions };
    return decisionGuard(deps, request, actorId, verb, rules);
  }

  /** Plain text for a modal error (no mentions render there): "@sre or Dana Lee". */
  async #nameAllowList(ids: readonly string[]): Promise<string> {
    const names: string[] = [];
    for (const id of ids) names.push((await this.#directory.nameOf(id)) ?? id);
    return names.length <= 1
      ? (names[0] ?? "anyone")
      : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  }

  /** Why `userId` may not request `action`, naming who may; null when they may. */
  async whyNotMaker(action: ActionDefinition, userId: string): Promise<string | null> {
    return (await isAllowed(this.#directory, userId, action.makers))
      ? null
      : makerNotAllowed(action);
  }

  /** The actions `userId` may request: every available one whose maker allow-list admits them. */
  async requestableActions(userId: string): Promise<ActionDefinition[]> {
    const allowed: ActionDefinition[] = [];
    for (const action of this.#actions.list()) {
      if (await isAllowed(this.#directory, userId, action.makers)) allowed.push(action);
    }
    return allowed;
  }

  /**
   * Decides on the stored state and writes with compare-and-set; on a lost race, decides again on
   * the fresh state. Refusals are written to the audit trail (they are attempts worth knowing of).
   */
  async #change(
    input: DecisionInput,
    attempted: string,
    decide: (
      request: RequestRecord,
    ) => Promise<Outcome<Pick<AuditEventDraft, "type" | "toStatus" | "details">>>,
    options: { auditRefusal: boolean; lease?: LeaseHolder } = { auditRefusal: true },
  ): Promise<Outcome<Written>> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const request = await this.#store.findById(input.requestId);
      if (!request) return notFound(input.requestId);
      const decision = await decide(request);
      if (!decision.ok) {
        if (options.auditRefusal) {
          await this.#refuseAttempt(
            request,
            input.actorId,
            attempted,
            decision.refusal.code,
            decision.refusal.message,
          );
        }
        return decision;
      }
      const written = await this.#store.transition(
        request,
        {
          ...this.#draft(request, decision.value.type, input.actorId, request.lastEventId),
          toStatus: decision.value.toStatus,
          details: decision.value.details,
        },
        options.lease,
      );
      if (written) return ok(written);
    }
    return refuse("REQUEST.BUSY", "That request is changing right now; try again in a moment.");
  }

  /** `request` is null when the attempt was to create one. */
  async #refuseAttempt(
    request: RequestRecord | null,
    actorId: string,
    attempted: string,
    code: string,
    message: string,
  ): Promise<void> {
    const details = { attempted, code, message };
    const event: AuditEventDraft = request
      ? {
          ...this.#draft(request, "ATTEMPT_REFUSED", actorId, request.lastEventId),
          toStatus: request.status,
          details,
        }
      : {
          id: this.#newId(),
          type: "ATTEMPT_REFUSED",
          requestId: null,
          requestNumber: null,
          correlationId: null,
          causationId: null,
          actor: actorId,
          fromStatus: null,
          toStatus: null,
          at: this.#clock.now(),
          details,
        };
    // Repeats of the same refusal within a window are counted and sealed later as one event.
    await this.#store.appendRefusal(
      { event, about: request, attempted, code, message },
      this.#repeats,
    );
  }

  #draft(
    request: RequestRecord,
    type: AuditEventType,
    actor: string,
    causationId: string | null,
  ): AuditEventDraft {
    return {
      id: this.#newId(),
      type,
      requestId: request.id,
      requestNumber: request.number,
      correlationId: request.correlationId,
      causationId,
      actor,
      fromStatus: request.status,
      toStatus: request.status,
      at: this.#clock.now(),
      details: {},
    };
  }
}

function makerNotAllowed(action: ActionDefinition): string {
  return `You are not allowed to request "${action.title}": only ${describePrincipals(action.makers)} may.`;
}

/** The checkers who have not approved yet: those a reminder is for. */
export function waitingOn(request: RequestRecord): string[] {
  return request.checkerIds.filter((id) => !request.approvedBy.includes(id));
}

/** The rules every decision shares: a different person, a designated checker, still pending. */
function decisionRefusal(request: RequestRecord, actorId: string, verb: "approve" | "decline") {
  if (request.makerId === actorId) {
    return refuse(
      "REQUEST.SELF_APPROVAL",
      `You made #${request.number}, so you cannot ${verb} it: a different person must check it.`,
    );
  }
  if (!request.checkerIds.includes(actorId)) {
    return refuse(
      "REQUEST.NOT_A_CHECKER",
      `Only ${mentions(request.checkerIds)} can decide on #${request.number}.`,
    );
  }
  if (request.status !== "PENDING") return notPending(request, "decided on");
  if (request.approvedBy.includes(actorId)) {
    return refuse(
      "REQUEST.ALREADY_APPROVED",
      `You already approved #${request.number}; it is waiting for ${request.approvalsRequired - request.approvedBy.length} more approval(s).`,
    );
  }
  return null;
}

/** The rules of a break-glass review: a use of it, a designated reviewer other than the maker, once. */
function reviewRefusal(request: RequestRecord, actorId: string) {
  if (request.breakGlassReason === null) {
    return refuse(
      "REQUEST.NOT_BREAK_GLASS",
      `#${request.number} was approved by a checker, not run by breaking the glass: there is nothing to review.`,
    );
  }
  if (request.makerId === actorId) {
    return refuse(
      "REQUEST.SELF_APPROVAL",
      `You broke the glass on #${request.number}, so someone else must review it.`,
    );
  }
  if (!request.checkerIds.includes(actorId)) {
    return refuse(
      "REQUEST.NOT_A_CHECKER",
      `Only ${mentions(request.checkerIds)} can review #${request.number}.`,
    );
  }
  if (request.reviewVerdict !== null) {
    const by = request.reviewedBy ? ` by <@${request.reviewedBy}>` : "";
    const when = request.reviewedAt ? ` at ${formatTime(request.reviewedAt)}` : "";
    const verdict = request.reviewVerdict === "FLAGGED" ? "flagged" : "acknowledged";
    return refuse(
      "REQUEST.ALREADY_REVIEWED",
      `#${request.number} was already ${verdict}${by}${when}.`,
    );
  }
  return secondLookRefusal(request, actorId);
}

function unavailableReason(status: PersonStatus | null): string | null {
  switch (status) {
    case "bot":
      return "is a bot, and only a person can check a request";
    case "deactivated":
      return "is deactivated";
    case "unknown":
      return "is not a member of this workspace";
    default:
      return null;
  }
}

function notFound(requestId: string) {
  return refuse("REQUEST.NOT_FOUND", `There is no request ${requestId}.`);
}

function tooLong(field: string, what: string, max: number) {
  return refuse("REQUEST.INVALID", `${what} is too long.`, {
    [field]: `Keep it under ${max} characters.`,
  });
}

const STATUS_LABELS: Record<RequestStatus, string> = {
  PENDING: "pending",
  APPROVED: "approved",
  EXECUTING: "running",
  FINISHED: "finished",
  FAILED: "failed",
  DECLINED: "declined",
  CANCELLED: "cancelled",
  EXPIRED: "expired",
};

export function label(status: RequestStatus): string {
  return STATUS_LABELS[status];
}

function mentions(userIds: readonly string[]): string {
  const names = userIds.map((id) => `<@${id}>`);
  return names.length <= 1
    ? (names[0] ?? "the designated checker")
    : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "#12 was already approved by <@U2> at 2026-01-05 14:02 UTC." */
function notPending(request: RequestRecord, verb: string) {
  const by =
    request.decidedBy && request.decidedBy !== SYSTEM_ACTOR ? ` by <@${request.decidedBy}>` : "";
  const when = request.decidedAt ? ` at ${formatTime(request.decidedAt)}` : "";
  const state =
    request.status === "PENDING"
      ? "is still waiting for a decision"
      : request.status === "EXECUTING" ||
          request.status === "FINISHED" ||
          request.status === "FAILED"
        ? `was already approved${by}${when} and is ${label(request.status)}`
        : `was already ${label(request.status)}${by}${when}`;
  return refuse("REQUEST.NOT_PENDING", `#${request.number} ${state}, so it cannot be ${verb}.`);
}
