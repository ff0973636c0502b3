import { createHmac } from "node:crypto";

/** The header that carries the signature of a webhook request. */
export const SIGNATURE_HEADER = "Four-Eyes-Signature";

export interface SignedDelivery {
  /** When the request was sent, in whole seconds since the Unix epoch. */
  readonly timestamp: number;
  /** The Idempotency-Key header: the request's id, the same on every retry. */
  readonly idempotencyKey: string;
  /** The exact bytes of the body. */
  readonly body: Uint8Array;
}

/**
 * The Four-Eyes-Signature value: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `<t>.<idempotency key>.<raw body>`, keyed with the action's secret. Signing the time stops a
 * captured request from being replayed later (receivers refuse old timestamps); signing the key
 * stops a body from being passed off under another request's key.
 */
export function signDelivery(delivery: SignedDelivery, secret: string): string {
  const hmac = createHmac("sha256", secret)
    .update(`${delivery.timestamp}.${delivery.idempotencyKey}.`)
    .update(delivery.body)
    .digest("hex");
  return `t=${delivery.timestamp},v1=${hmac}`;
}

/** Whole seconds since the Unix epoch, as `t=` carries them. */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
