import type { Clock } from "../core/clock.ts";
import { type GoneCheck, isGone } from "./lease.ts";
import { EXECUTION_LEASE_MS } from "./schedule.ts";
import type { RequestStore } from "./store.ts";
import type { RequestRecord } from "./types.ts";

export interface LeaseTakeoverOptions extends GoneCheck {
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Leases looked at per call. */
  readonly limit?: number;
}

/**
 * Claims the execution leases whose process is certainly gone (see `isGone`: an earlier run of
 * this process, or any other when the database is this process's alone), without waiting for
 * them to run out. Each claim is a compare-and-set on the holder, so of several processes
 * starting at once one gets each lease; the caller resumes what it got. Leases of processes that
 * may still run are left to run out, as the sweep's `claimDue` finds them then.
 */
export async function claimOrphanedLeases(options: LeaseTakeoverOptions): Promise<RequestRecord[]> {
  const { store, me } = options;
  const leases = await store.executionLeases(
    options.exclusive ? null : me.instance,
    options.limit ?? 100,
  );
  const claimed: RequestRecord[] = [];
  for (const { request, holder } of leases) {
    if (!isGone(holder, options)) continue;
    const until = new Date(options.clock.now().getTime() + EXECUTION_LEASE_MS);
    if (await store.takeLease(request.id, holder, me, until)) claimed.push(request);
  }
  return claimed;
}
