import type { Clock } from "../../core/clock.ts";
import type { ActionRegistry } from "../../factory/registry.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import type { Delegation } from "../../requests/delegation.ts";
import type { RequestQuery } from "../../requests/request-query.ts";
import type { HomeState } from "../forms/home-form.ts";
import { HOME_LIMITS, type HomeViewInput } from "../views/home-view.ts";

export interface HomeSources {
  readonly query: RequestQuery;
  readonly actions: ActionRegistry;
  /** Every environment a request can name: the configured ones and the actions' own. */
  readonly environments: readonly string[];
  readonly clock: Clock;
  /** What the viewer may request, for the hint at the top. */
  readonly requestable: (userId: string) => Promise<readonly ActionDefinition[]>;
  /** The viewer's delegation, running or to come; none are shown when absent. */
  readonly delegationOf?: (userId: string) => Promise<Delegation | null>;
}

/** Everything the Home tab shows for `viewerId`: the queries run side by side. */
export async function loadHomeInput(
  sources: HomeSources,
  viewerId: string,
  state: HomeState,
): Promise<HomeViewInput> {
  const [waiting, mine, all, total, requestable, delegation] = await Promise.all([
    sources.query.waitingFor(viewerId, HOME_LIMITS.waiting),
    sources.query.madeBy(viewerId, HOME_LIMITS.mine),
    sources.query.list(state.filter, state.cursor, HOME_LIMITS.all),
    sources.query.count(state.filter),
    sources.requestable(viewerId),
    sources.delegationOf?.(viewerId) ?? null,
  ]);
  // Where the page starts ("21–40 of 57"): only a page with newer rows above it needs asking.
  const first = all.requests[0];
  const before =
    all.hasNewer && first
      ? await sources.query.count(state.filter, { newerThan: first.number })
      : 0;
  return {
    viewerId,
    now: sources.clock.now(),
    actions: sources.actions.list(),
    environments: sources.environments,
    waiting,
    mine,
    all,
    allCount: { total, before },
    state,
    requestable,
    delegation,
  };
}

/** The environments the filter offers, in a stable order. */
export function allEnvironments(configured: readonly string[], actions: ActionRegistry): string[] {
  const names = new Set(configured);
  for (const action of actions.list()) for (const name of action.environments) names.add(name);
  return [...names];
}
