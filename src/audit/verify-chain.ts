import type { AuditEvent } from "../requests/audit-events.ts";
import { type ChainHead, checkLink, EMPTY_HEAD } from "../trail/chain.ts";
import type { AuditKey } from "../trail/key.ts";
import type { Checkpoint } from "./checkpoint.ts";
import { type AuditProblem, eventLabel } from "./describe.ts";
import { DEFAULT_BATCH_SIZE, type EventReader } from "./trail-reader.ts";

export type ChainCheck =
  | { readonly ok: true; readonly events: number; readonly head: AuditEvent | null }
  | { readonly ok: false; readonly problem: AuditProblem };

/**
 * Pass 1: recomputes every link from the genesis hash, one page at a time, and stops at the first
 * broken one: past it, nothing the chain says can be trusted.
 */
export async function checkChain(
  trail: Pick<EventReader, "events">,
  key: AuditKey,
  options: { readonly batchSize?: number; readonly checkpoint?: Checkpoint } = {},
): Promise<ChainCheck> {
  const { checkpoint } = options;
  let head: ChainHead = EMPTY_HEAD;
  let last: AuditEvent | null = null;
  let events = 0;
  for await (const event of trail.events({}, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    const problem = linkProblem(key, head, event);
    if (problem) return { ok: false, problem };
    if (checkpoint && event.seq === checkpoint.seq && event.hash !== checkpoint.hash) {
      return {
        ok: false,
        problem: {
          seq: event.seq,
          ...(event.requestNumber === null ? {} : { requestNumber: event.requestNumber }),
          message: `${eventLabel(event)}: its hash ${event.hash.slice(0, 12)}… differs from the one the checkpoint recorded, ${checkpoint.hash.slice(0, 12)}… (the trail up to the checkpoint was rewritten)`,
        },
      };
    }
    head = event;
    last = event;
    events++;
  }
  if (checkpoint && head.seq < checkpoint.seq) {
    const message =
      head.seq === 0
        ? `all events were removed (the trail is empty, the checkpoint is at ${checkpoint.seq})`
        : `events after ${head.seq} were removed (the trail ends at ${head.seq}, the checkpoint at ${checkpoint.seq})`;
    return { ok: false, problem: { seq: head.seq + 1, message } };
  }
  return { ok: true, events, head: last };
}

function linkProblem(key: AuditKey, head: ChainHead, event: AuditEvent): AuditProblem | null {
  const expected = head.seq + 1;
  // A gap is about the events that are not there, so say which; checkLink would only name the next.
  if (event.seq > expected) {
    const missing =
      event.seq - 1 === expected
        ? `event ${expected} is missing`
        : `events ${expected} to ${event.seq - 1} are missing`;
    const where =
      head.seq === 0
        ? `the trail starts at event ${event.seq}`
        : `the trail jumps from event ${head.seq} to event ${event.seq}`;
    return { seq: expected, message: `${missing}: ${where} (events were deleted)` };
  }
  const problem = checkLink(key, head, event);
  if (!problem) return null;
  return {
    seq: event.seq,
    ...(event.requestNumber === null ? {} : { requestNumber: event.requestNumber }),
    message: `${eventLabel(event)}: ${problem}`,
  };
}
