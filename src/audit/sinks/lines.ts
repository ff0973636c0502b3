import canonicalize from "canonicalize";
import type { AuditEvent } from "../../requests/audit-events.ts";
import type { Checkpoint } from "../checkpoint.ts";
import { eventJson } from "../export.ts";

/*
 * The lines every sink carries, a contract with whoever reads them (`audit verify --file`, a
 * SIEM): an event line is exactly what `audit export --format jsonl` writes for it, and a
 * checkpoint line is the signed checkpoint with "kind":"checkpoint", both RFC 8785 canonical JSON.
 */

/** One event as a line (without its newline): canonical JSON with seq, prevHash, hash, keyId… */
export function eventLine(event: AuditEvent): string {
  return eventJson(event);
}

/** A signed checkpoint as a line (without its newline): the checkpoint plus "kind":"checkpoint". */
export function checkpointLine(checkpoint: Checkpoint): string {
  const text = canonicalize({ kind: "checkpoint", ...checkpoint });
  if (text === undefined) throw new Error(`checkpoint ${checkpoint.seq} cannot be canonicalized`);
  return text;
}
