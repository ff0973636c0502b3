import { isDeepStrictEqual } from "node:util";
import { IntegrityError } from "../core/errors.ts";
import { refuse } from "../core/result.ts";
import { type AuditEvent, isNoteEvent } from "./audit-events.ts";
import { RuleBreach } from "./decision-rules.ts";
import { evolve } from "./replay.ts";
import type { RequestStore } from "./store.ts";
import type { RequestRecord } from "./types.ts";

/**
 * What settles who may decide on a request and on what, with the column a reviewer would look
 * at. The requests table can be edited by anyone with write access to it; the trail cannot be
 * without the audit key, so a decision is taken only on a row its trail agrees with.
 */
const SEALED_FIELDS = {
  status: "status",
  makerId: "maker_id",
  checkerIds: "checker_ids",
  onBehalfOf: "on_behalf_of",
  approvalsRequired: "approvals_required",
  approvedBy: "approved_by",
  actionId: "action_id",
  environment: "environment",
  team: "team",
  params: "params",
  purpose: "purpose",
  breakGlassReason: "break_glass_reason",
  reviewVerdict: "review_verdict",
} as const satisfies Partial<Record<keyof RequestRecord, string>>;

export type Untrusted = { readonly kind: "untrusted"; readonly why: string };
type Check = { readonly kind: "trusted" } | { readonly kind: "behind" } | Untrusted;

/**
 * Whether `row` says what its own sealed events say, read after it. Events committed since the row
 * was read are left out of the comparison ("behind": the caller re-reads to tell a race from a
 * row rolled back by hand).
 */
export function compareWithTrail(row: RequestRecord, events: readonly AuditEvent[]): Check {
  const own = events.filter((event) => event.requestId === row.id);
  const last = own.findIndex((event) => event.id === row.lastEventId);
  if (last < 0) {
    return untrusted(
      own.length === 0
        ? "its audit trail has no events"
        : "its last change is not in its audit trail",
    );
  }
  let sealed: RequestRecord | null = null;
  try {
    for (const event of own.slice(0, last + 1)) sealed = evolve(sealed, event);
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    const why = error instanceof RuleBreach ? "breaks the rules" : "cannot be replayed";
    return untrusted(`its audit trail ${why}: ${error.message}`);
  }
  if (!sealed) return untrusted("its audit trail has no events");
  for (const [field, column] of Object.entries(SEALED_FIELDS)) {
    const key = field as keyof typeof SEALED_FIELDS;
    if (!isDeepStrictEqual(row[key], sealed[key])) return untrusted(`${column} differs`);
  }
  const since = own.slice(last + 1).filter((event) => !isNoteEvent(event.type));
  return since.length > 0 ? { kind: "behind" } : { kind: "trusted" };
}

/**
 * Why the bot will not let anyone decide on `request` as stored; null when its trail agrees with
 * it. A row behind its trail is re-read once: changed meanwhile, it is a race the compare-and-set
 * settles; unchanged, someone rolled it back by hand.
 */
export async function untrustedRow(
  store: Pick<RequestStore, "eventsOf" | "findById">,
  request: RequestRecord,
  /** The request's events, when the caller has read them already. */
  events?: readonly AuditEvent[],
): Promise<Untrusted | null> {
  const check = compareWithTrail(request, events ?? (await store.eventsOf(request.correlationId)));
  if (check.kind === "trusted") return null;
  if (check.kind === "untrusted") return check;
  const again = await store.findById(request.id);
  const unchanged =
    again !== null &&
    again.version === request.version &&
    again.lastEventId === request.lastEventId;
  return unchanged ? untrusted("it is older than its audit trail") : null;
}

/** The refusal a person sees: what did not happen, why, and who can find out more. */
export function untrustedRefusal(request: RequestRecord, attempted: string, found: Untrusted) {
  return refuse(
    "REQUEST.TRAIL_MISMATCH",
    `#${request.number} cannot be ${attempted}: its record in the database does not match its audit trail (${found.why}), so who may decide on it cannot be trusted. Tell an administrator: \`npm run audit -- verify\` shows what changed.`,
  );
}

/** The refusal to act on `request` as stored, when its trail disagrees with it; null otherwise. */
export async function trailRefusal(
  store: Pick<RequestStore, "eventsOf" | "findById">,
  request: RequestRecord,
  attempted: string,
  events?: readonly AuditEvent[],
) {
  const found = await untrustedRow(store, request, events);
  return found ? untrustedRefusal(request, attempted, found) : null;
}

function untrusted(why: string): Untrusted {
  return { kind: "untrusted", why };
}
