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
 *
 * The top level is written by hand, its keys already in RFC 8785 order (sorted by UTF-16 code
 * units), and only `details` goes through canonicalize: verify hashes a million events, and the
 * generic sort, recursion and cycle checks on a shape that never changes cost more than the HMAC.
 * test/trail/canonical.test.ts proves it byte for byte equal to canonicalize over the whole event.
 */
export function canonicalEventContent(event: Omit<AuditEvent, "hash">): string {
  let text = "{";
  text = member(text, "actor", event.actor);
  text = member(text, "at", event.at.toISOString());
  text = member(text, "causationId", event.causationId);
  text = member(text, "correlationId", event.correlationId);
  text = member(text, "details", event.details);
  text = member(text, "fromStatus", event.fromStatus);
  text = member(text, "id", event.id);
  text = member(text, "keyId", event.keyId);
  text = member(text, "prevHash", event.prevHash);
  text = member(text, "requestId", event.requestId);
  text = member(text, "requestNumber", event.requestNumber);
  text = member(text, "seq", event.seq);
  text = member(text, "toStatus", event.toStatus);
  text = member(text, "type", event.type);
  return `${text}}`;
}

/** Any UTF-16 surrogate: only then can a string be malformed, and canonicalize must judge it. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** `text` with `"name":value` appended; canonicalize leaves out undefined members, so does this. */
function member(text: string, name: string, value: unknown): string {
  if (value === undefined) return text;
  const separator = text.length === 1 ? "" : ",";
  return `${text}${separator}"${name}":${canonicalValue(value)}`;
}

function canonicalValue(value: unknown): string {
  if (value === null) return "null";
  // Plain strings are JSON.stringify's, as in canonicalize, which also refuses lone surrogates.
  if (typeof value === "string" && !SURROGATE.test(value)) return JSON.stringify(value);
  const text = canonicalize(value);
  if (text === undefined) throw new Error(`${String(value)} cannot be canonicalized`);
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
  if (!sealMatches(key, event)) {
    return "its content does not match its hash (the row was edited after it was written)";
  }
  return null;
}

/** Compares raw digests: one hex decoding per event instead of an encoding and two decodings. */
function sealMatches(key: AuditKey, event: AuditEvent): boolean {
  const actual = createHmac("sha256", key.secret).update(canonicalEventContent(event)).digest();
  const stored = Buffer.from(event.hash, "hex");
  return stored.length === actual.length && timingSafeEqual(stored, actual);
}

export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
