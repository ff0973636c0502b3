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
  const chain = await checkChain(trail, key, { batchSize, checkpoint });
  if (!chain.ok) return chain;
  const requests = await checkRequests(trail, batchSize);
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
