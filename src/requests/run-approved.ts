import type { CommittedEvent } from "./store.ts";

/** What starts an approved request: the ExecutionRunner. */
export interface ApprovedRunner {
  run(requestId: string): Promise<void>;
}

/**
 * The core's rule for when an action runs: as soon as a commit moves its request into APPROVED,
 * whether the last approval did it or the maker broke the glass. Subscribed to the store's
 * committed changes, so every way of approving runs it, and no adapter decides when. The run
 * goes on in the background; the runner's compare-and-set keeps it to one run.
 */
export function runApproved(runner: ApprovedRunner) {
  return (committed: readonly CommittedEvent[]): void => {
    const approved = new Set<string>();
    for (const { event } of committed) {
      if (event.toStatus !== "APPROVED" || event.fromStatus === "APPROVED") continue;
      if (event.requestId) approved.add(event.requestId);
    }
    for (const requestId of approved) void runner.run(requestId);
  };
}
