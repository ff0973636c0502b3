import { ok, type Refusal } from "../../core/result.ts";
import type { AuditEventDraft, AuditEventType } from "../audit-events.ts";
import type { LeaseHolder } from "../lease.ts";
import type { Written } from "../store.ts";
import type { RequestRecord } from "../types.ts";
import type { DecisionInput, UseCaseContext } from "./context.ts";
import { busy, notFound, type Outcome, type RefusalCode } from "./refusals.ts";

/** How often a compare-and-set that lost a race is re-decided on fresh state before giving up. */
const MAX_CAS_ATTEMPTS = 25;

/** The event a change writes: its type, where it leaves the request, and what it records. */
export type Change = Pick<AuditEventDraft, "type" | "toStatus" | "details">;

export interface ChangeOptions {
  /** Whether a refusal is written to the audit trail as an attempt. */
  readonly auditRefusal: boolean;
  /** The lease the change takes (or keeps) on the request: an execution's. */
  readonly lease?: LeaseHolder;
}

type Refused = { readonly ok: false; readonly refusal: Refusal<RefusalCode> };

/**
 * Decides on the stored state and writes with compare-and-set; on a lost race, decides again on
 * the fresh state. Refusals are written to the audit trail (they are attempts worth knowing of).
 */
export async function changeRequest(
  ctx: UseCaseContext,
  input: DecisionInput,
  attempted: string,
  decide: (request: RequestRecord) => Promise<Outcome<Change>>,
  options: ChangeOptions = { auditRefusal: true },
): Promise<Outcome<Written>> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const request = await ctx.store.findById(input.requestId);
    if (!request) return notFound(input.requestId);
    const decision = await decide(request);
    if (!decision.ok) {
      if (options.auditRefusal) {
        const { code, message } = decision.refusal;
        await refuseAttempt(ctx, request, input.actorId, attempted, code, message);
      }
      return decision;
    }
    const written = await ctx.store.transition(
      request,
      {
        ...draftEvent(ctx, request, decision.value.type, input.actorId, request.lastEventId),
        toStatus: decision.value.toStatus,
        details: decision.value.details,
      },
      options.lease,
    );
    if (written) return ok(written);
  }
  return busy();
}

/**
 * Whether `actorId` may do `attempted` to the request, without doing it: the request when they
 * may; a refusal (recorded like any other attempt) when `rules` say no.
 */
export async function checkRequest(
  ctx: UseCaseContext,
  input: DecisionInput,
  attempted: string,
  rules: (request: RequestRecord) => Promise<Refused | null> | Refused | null,
): Promise<Outcome<RequestRecord>> {
  const request = await ctx.store.findById(input.requestId);
  if (!request) return notFound(input.requestId);
  const refused = await rules(request);
  if (!refused) return ok(request);
  const { code, message } = refused.refusal;
  await refuseAttempt(ctx, request, input.actorId, attempted, code, message);
  return refused;
}

/** Records a refused attempt; `request` is null when the attempt was to create one. */
export async function refuseAttempt(
  ctx: UseCaseContext,
  request: RequestRecord | null,
  actorId: string,
  attempted: string,
  code: string,
  message: string,
): Promise<void> {
  const details = { attempted, code, message };
  const event: AuditEventDraft = request
    ? {
        ...draftEvent(ctx, request, "ATTEMPT_REFUSED", actorId, request.lastEventId),
        toStatus: request.status,
        details,
      }
    : {
        id: ctx.newId(),
        type: "ATTEMPT_REFUSED",
        requestId: null,
        requestNumber: null,
        correlationId: null,
        causationId: null,
        actor: actorId,
        fromStatus: null,
        toStatus: null,
        at: ctx.clock.now(),
        details,
      };
  // Repeats of the same refusal within a window are counted and sealed later as one event.
  await ctx.store.appendRefusal({ event, about: request, attempted, code, message }, ctx.repeats);
}

/** An event about `request` that leaves its status as it is (the caller may say otherwise). */
export function draftEvent(
  ctx: UseCaseContext,
  request: RequestRecord,
  type: AuditEventType,
  actor: string,
  causationId: string | null,
): AuditEventDraft {
  return {
    id: ctx.newId(),
    type,
    requestId: request.id,
    requestNumber: request.number,
    correlationId: request.correlationId,
    causationId,
    actor,
    fromStatus: request.status,
    toStatus: request.status,
    at: ctx.clock.now(),
    details: {},
  };
}
