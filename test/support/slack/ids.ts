import { randomBytes } from "node:crypto";

/** Default identity of the fake workspace; shaped like real Slack ids so format checks in the app pass. */
export const DEFAULT_TEAM_ID = "T0TEST0001";
export const DEFAULT_TEAM_DOMAIN = "four-eyes-test";
export const DEFAULT_APP_ID = "A0TEST0001";
export const DEFAULT_BOT_USER_ID = "U0BOT00001";
export const DEFAULT_BOT_ID = "B0BOT00001";
/** Slack still sends the deprecated verification token in every payload. */
export const VERIFICATION_TOKEN = "verificationtokenunused";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** An uppercase alphanumeric id with a Slack-style prefix, e.g. `V07ABCD1234`. */
export function slackId(prefix: string, length = 10): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** Like Slack's generated block_ids and action_ids: short, mixed case, unpredictable. */
export function generatedId(length = 5): string {
  return randomBytes(8).toString("base64url").replace(/[-_]/g, "x").slice(0, length);
}

/** Shaped like a real trigger_id, e.g. `1700000000123.1234567890.0f1e2d3c4b5a69788796a5b4c3d2e1f0`. */
export function triggerId(): string {
  const digits = Array.from(randomBytes(5), (b) => (b % 10).toString()).join("");
  return `${Date.now()}.${digits}${digits}.${randomBytes(16).toString("hex")}`;
}

/** View hashes change on every update; Slack's look like `1700000000.AbCdEf12`. */
export function viewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString("base64url")}`;
}

/**
 * Message timestamps: unique, strictly increasing, and close to wall time so they sort with event
 * times, e.g. `1700000000.000100`.
 */
export function tsClock(): () => string {
  let last = 0;
  return () => {
    last = Math.max(last + 100, Date.now() * 1000);
    const seconds = Math.floor(last / 1_000_000);
    const micros = (last % 1_000_000).toString().padStart(6, "0");
    return `${seconds}.${micros}`;
  };
}
