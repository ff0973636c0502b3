import type { AuditKey } from "../trail/key.ts";
import { type Checkpoint, checkpointProblem } from "./checkpoint.ts";
import type { AuditProblem } from "./describe.ts";
import { DEFAULT_BATCH_SIZE, type TrailReader } from "./trail-reader.ts";
import { checkChain } from "./verify-chain.ts";
import { checkRequests, orphanProblem } from "./verify-requests.ts";

export type { AuditProblem } from "./describe.ts";

export interface VerifyOptions {
  /** A checkpoint taken earlier: proves that no event up to it was cut off the end. */
  readonly checkpoint?: Checkpoint;
  /** Rows per query; memory use is proportional to it, not to the size of the trail. */
  readonly batchSize?: number;
}

export interface ChainHeadSummary {
  readonly seq: number;
  readonly hash: string;
  readonly at: Date;
}

export type VerifyReport =
  | {
      readonly ok: true;
      readonly events: number;
      readonly requests: number;
      readonly head: ChainHeadSummary | null;
    }
  | { readonly ok: false; readonly problem: AuditProblem };

/**
 * Proves the trail is whole and the requests table agrees with it, streaming both tables so
 * memory stays flat for millions of rows. Reports the first problem found: after a break in the
 * chain nothing later can be trusted, and one finding is what starts an investigation.
 */
export async function verifyAuditTrail(
  trail: TrailReader,
  key: AuditKey,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const { checkpoint } = options;
  if (checkpoint) {
    const problem = checkpointProblem(key, checkpoint);
    if (problem) return { ok: false, problem };
  }
  // Both passes at once: each waits on the database about half the time, and the other fills
  // it. The chain's finding still comes first, and a broken chain stops the replay.
  const stop = new AbortController();
  const replay = checkRequests(trail, batchSize, stop.signal);
  replay.catch(() => {});
  const chain = await checkChain(trail, key, { batchSize, checkpoint }).catch((error: unknown) => {
    stop.abort();
    throw error;
  });
  if (!chain.ok) {
    stop.abort();
    await replay.catch(() => {});
    return chain;
  }
  const requests = await replay;
  if (!requests.ok) return requests;
  const orphan = await orphanProblem(trail);
  if (orphan) return { ok: false, problem: orphan };
  const { head } = chain;
  return {
    ok: true,
    events: chain.events,
    requests: requests.requests,
    head: head ? { seq: head.seq, hash: head.hash, at: head.at } : null,
  };
}
