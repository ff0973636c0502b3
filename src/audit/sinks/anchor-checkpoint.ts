import type { AuditKey } from "../../trail/key.ts";
import { type Checkpoint, createCheckpoint } from "../checkpoint.ts";
import type { EventReader } from "../trail-reader.ts";
import type { SinkCursorStore } from "./cursor-store.ts";

export interface AnchorDeps {
  readonly trail: Pick<EventReader, "head">;
  readonly key: AuditKey;
  readonly cursors: Pick<SinkCursorStore, "offerCheckpoint">;
  /** The configured sinks' names. */
  readonly sinks: readonly string[];
  /** Posts the checkpoint where people see it (AUDIT_CHANNEL); once per head, however called. */
  readonly announce?: ((checkpoint: Checkpoint) => Promise<void>) | undefined;
}

/**
 * Takes a signed checkpoint of the chain's head and hands it to every sink, which delivers it
 * right after the events it covers. Replicas that run this at the same time sign the same head
 * into the same checkpoint: a sink that has it (or delivered it) does not take it again.
 */
export async function anchorCheckpoint(
  deps: AnchorDeps,
): Promise<{ checkpoint: Checkpoint; offered: number }> {
  const checkpoint = await createCheckpoint(deps.trail, deps.key);
  const offered = await deps.cursors.offerCheckpoint(deps.sinks, checkpoint);
  await deps.announce?.(checkpoint);
  return { checkpoint, offered };
}
