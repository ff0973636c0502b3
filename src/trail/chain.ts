import { createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import type { AuditEvent, AuditEventDraft } from "../requests/audit-events.ts";
import type { AuditKey } from "./key.ts";

/** The prevHash of the first event: there is nothing before it. */
export const GENESIS_HASH = "0".repeat(64);

/** The chain's tip: what the next event links to. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * The exact bytes an event's hash covers: every stored field but the hash itself, as RFC 8785
 * canonical JSON, so the same event always hashes the same whatever the key order or database.
 */
export function canonicalEventContent(event: Omit<AuditEvent, "hash">): string {
  const content = {
    seq: event.seq,
    id: event.id,
    type: event.type,
    requestId: event.requestId,
    requestNumber: event.requestNumber,
    correlationId: event.correlationId,
    causationId: event.causationId,
    actor: event.actor,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    at: event.at.toISOString(),
    details: event.details,
    keyId: event.keyId,
    prevHash: event.prevHash,
  };
  const text = canonicalize(content);
  if (text === undefined) throw new Error(`audit event ${event.id} cannot be canonicalized`);
  return text;
}

export function hashEvent(key: AuditKey, event: Omit<AuditEvent, "hash">): string {
  return createHmac("sha256", key.secret).update(canonicalEventContent(event)).digest("hex");
}

/** Numbers an event after `head`, links it to it and seals it. */
export function sealEvent(key: AuditKey, head: ChainHead, draft: AuditEventDraft): AuditEvent {
  const unsealed = { ...draft, seq: head.seq + 1, keyId: key.id, prevHash: head.hash };
  return { ...unsealed, hash: hashEvent(key, unsealed) };
}

/** What is wrong with `event` as the successor of `head`, or null when it is sound. */
export function checkLink(key: AuditKey, head: ChainHead, event: AuditEvent): string | null {
  if (event.seq !== head.seq + 1) {
    return event.seq > head.seq + 1
      ? `events ${head.seq + 1}..${event.seq - 1} are missing`
      : `sequence number ${event.seq} repeats or goes back (expected ${head.seq + 1})`;
  }
  if (event.prevHash !== head.hash) {
    return "its prev_hash does not match the hash of the event before it (an event was removed, reordered or rewritten)";
  }
  if (event.keyId !== key.id) {
    return `it was sealed with another audit key (key id ${event.keyId}, this key is ${key.id})`;
  }
  if (!sameHex(hashEvent(key, event), event.hash)) {
    return "its content does not match its hash (the row was edited after it was written)";
  }
  return null;
}

export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
