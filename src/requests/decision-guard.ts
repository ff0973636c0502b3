import type { Refusal } from "../core/result.ts";
import type { ActionRegistry } from "../factory/registry.ts";
import { checkerNotAllowed } from "./checker-rights.ts";
import type { Directory } from "./directory.ts";
import { trailRefusal } from "./sealed-request.ts";
import type { RequestStore } from "./store.ts";
import type { RequestRecord } from "./types.ts";

export interface GuardDeps {
  readonly store: Pick<RequestStore, "eventsOf" | "findById">;
  readonly directory: Directory;
  readonly actions: Pick<ActionRegistry, "get">;
}

type Refused<Code extends string> = { readonly ok: false; readonly refusal: Refusal<Code> };

/** A decision's own rules on the request as stored: why `actorId` may not, or null. */
export type DecisionRules<Code extends string> = (
  request: RequestRecord,
  actorId: string,
) => Refused<Code> | null;

const PAST = { approve: "approved", decline: "declined", review: "reviewed" } as const;
export type DecisionVerb = keyof typeof PAST;

/**
 * Everything an approval, a decline or a break-glass review must pass, in order: a row its
 * sealed trail agrees with (who may decide and how many must approve are what the trail sealed,
 * not what the table says now), the request's own `rules` (on that trusted row), and last the
 * checker allow-list as it stands today (asked of the directory only when all else allows it).
 */
export async function decisionGuard<Code extends string>(
  deps: GuardDeps,
  request: RequestRecord,
  actorId: string,
  verb: DecisionVerb,
  rules: DecisionRules<Code>,
) {
  return (
    (await trailRefusal(deps.store, request, PAST[verb])) ??
    rules(request, actorId) ??
    (await checkerNotAllowed(
      deps.directory,
      deps.actions.get(request.actionId),
      request,
      actorId,
      verb === "review" ? "review" : "decide on",
    ))
  );
}
