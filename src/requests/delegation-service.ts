import { randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { ok, type Result, refuse } from "../core/result.ts";
import { formatTime } from "../core/time-text.ts";
import type { AuditEventDraft, AuditEventType } from "./audit-events.ts";
import type { Delegation, DelegationStore } from "./delegation.ts";
import type { Directory } from "./directory.ts";
import type { RequestService, RerouteReport } from "./request-service.ts";

export type DelegationRefusal = "DELEGATION.INVALID" | "DELEGATION.NONE";

/** The longest a delegation may run: longer absences deserve another look at who checks what. */
export const MAX_DELEGATION_MS = 90 * 24 * 60 * 60_000;

export interface DelegationInput {
  readonly checkerId: string;
  /** Empty when none was chosen. */
  readonly delegateId: string;
  /** When it starts; now when null or already past. */
  readonly startsAt: Date | null;
  /** When the checker is back; null when none was given. */
  readonly endsAt: Date | null;
}

export interface DelegationSet {
  readonly delegation: Delegation;
  /** What moved to the delegate at once; null when it starts later (the sweep moves them then). */
  readonly report: RerouteReport | null;
}

export interface DelegationServiceDeps {
  readonly store: DelegationStore;
  readonly requests: RequestService;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly newId?: () => string;
}

/**
 * A checker's "I'm away until …, send my approvals to …": set and ended by the checker, each
 * change an audit event. While it runs, new requests naming the checker go to the delegate
 * (RequestService routes them) and the pending ones are re-routed when it starts.
 */
export class DelegationService {
  readonly #store: DelegationStore;
  readonly #requests: RequestService;
  readonly #directory: Directory;
  readonly #clock: Clock;
  readonly #newId: () => string;

  constructor(deps: DelegationServiceDeps) {
    this.#store = deps.store;
    this.#requests = deps.requests;
    this.#directory = deps.directory;
    this.#clock = deps.clock;
    this.#newId = deps.newId ?? randomUUID;
  }

  /** The checker's delegation running now or still to come. */
  currentOf(checkerId: string): Promise<Delegation | null> {
    return this.#store.currentOf(checkerId, this.#clock.now());
  }

  /** Sets a delegation, replacing the checker's current one; re-routes at once if it started. */
  async setDelegation(input: DelegationInput): Promise<Result<DelegationSet, DelegationRefusal>> {
    const now = this.#clock.now();
    const startsAt = input.startsAt && input.startsAt > now ? input.startsAt : now;
    const fields: Record<string, string> = {};
    if (!input.delegateId) fields.delegate = "Choose who decides while you are away.";
    else if (input.delegateId === input.checkerId)
      fields.delegate = "Choose someone other than yourself.";
    else {
      const status = await this.#directory.statusOf(input.delegateId);
      const name = await this.#nameOf(input.delegateId);
      if (status === "bot") fields.delegate = `${name} is a bot: choose a person.`;
      else if (status === "deactivated") fields.delegate = `${name} is deactivated.`;
      else if (status === "unknown") fields.delegate = `${name} is not in this workspace.`;
      else {
        const theirs = await this.#store.currentOf(input.delegateId, startsAt);
        if (theirs && (input.endsAt === null || theirs.startsAt < input.endsAt)) {
          fields.delegate = `${name} is away themselves until ${formatTime(theirs.endsAt)}: choose someone else.`;
        }
      }
    }
    if (input.endsAt === null) fields.endsAt = "Say when you are back.";
    else if (input.endsAt <= startsAt) fields.endsAt = "Choose a time after you leave.";
    else if (input.endsAt.getTime() - startsAt.getTime() > MAX_DELEGATION_MS)
      fields.endsAt = "At most 90 days: set a new delegation after that.";
    if (Object.keys(fields).length > 0 || input.endsAt === null) {
      return refuse("DELEGATION.INVALID", "Some fields need another look.", fields);
    }

    const previous = await this.#store.currentOf(input.checkerId, now);
    if (previous) await this.#end(previous, "replaced");
    const delegation: Delegation = {
      id: this.#newId(),
      checkerId: input.checkerId,
      delegateId: input.delegateId,
      startsAt,
      endsAt: input.endsAt,
      endedAt: null,
      activatedAt: null,
      createdAt: now,
    };
    await this.#store.insert(
      delegation,
      this.#event("DELEGATION_SET", delegation, {
        delegate: delegation.delegateId,
        startsAt: startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
      }),
    );
    const report = startsAt <= now ? await this.#activate(delegation) : null;
    return ok({ delegation, report });
  }

  /** The checker is back early: new requests go to them again. Re-routed ones stay moved. */
  async endDelegation(checkerId: string): Promise<Result<Delegation, DelegationRefusal>> {
    const current = await this.#store.currentOf(checkerId, this.#clock.now());
    if (!current) return refuse("DELEGATION.NONE", "You have no delegation to end.");
    const ended = await this.#end(current, "ended early");
    return ended ? ok(ended) : refuse("DELEGATION.NONE", "That delegation has already ended.");
  }

  /** Re-routes the pending requests of delegations that have started since; for the sweep. */
  async activateStarted(limit = 50): Promise<number> {
    const started = await this.#store.startedNotActivated(this.#clock.now(), limit);
    for (const delegation of started) await this.#activate(delegation);
    return started.length;
  }

  async #activate(delegation: Delegation): Promise<RerouteReport> {
    const report = await this.#requests.reroutePending(delegation);
    await this.#store.markActivated(delegation.id, this.#clock.now());
    return report;
  }

  #end(delegation: Delegation, how: "ended early" | "replaced"): Promise<Delegation | null> {
    return this.#store.end(
      delegation.id,
      this.#clock.now(),
      this.#event("DELEGATION_ENDED", delegation, {
        delegate: delegation.delegateId,
        how,
      }),
    );
  }

  async #nameOf(id: string): Promise<string> {
    return (await this.#directory.nameOf(id)) ?? id;
  }

  #event(
    type: AuditEventType,
    delegation: Delegation,
    details: Record<string, string>,
  ): AuditEventDraft {
    return {
      id: this.#newId(),
      type,
      requestId: null,
      requestNumber: null,
      correlationId: null,
      causationId: null,
      actor: delegation.checkerId,
      fromStatus: null,
      toStatus: null,
      at: this.#clock.now(),
      details: { delegation: delegation.id, ...details },
    };
  }
}
