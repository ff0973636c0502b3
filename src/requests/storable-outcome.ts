import { describeError } from "../core/errors.ts";
import type { JsonValue } from "../core/json.ts";
import type { ExecutionOutcome } from "../factory/types.ts";

/**
 * What an executor answers comes from outside (a webhook's body, a library's error) and is
 * recorded in the audit trail and the requests table. PostgreSQL refuses some of it: NUL in text
 * and in jsonb, and in jsonb any UTF-16 surrogate that is not half of a pair. An outcome the
 * database refuses cannot be recorded, and an outcome that is not recorded looks like an
 * execution that never ended. So every outcome is made storable first: those characters become
 * U+FFFD, and long values are cut, saying so.
 */

/** Longest error message kept. */
export const ERROR_LIMIT = 2_000;
/** Longest result kept, measured as JSON text. */
export const RESULT_LIMIT = 16_000;
/** What replaces a character the database cannot store. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with NUL and unpaired surrogates replaced by U+FFFD; everything else kept. */
export function storableText(text: string): string {
  return text
    .replaceAll("\u0000", REPLACEMENT_CHARACTER)
    .replace(LONE_SURROGATE, REPLACEMENT_CHARACTER);
}

/**
 * `text` cut to at most `limit` characters, ending with a marker that says how much was cut.
 * Never ends on half of a surrogate pair.
 */
export function cappedText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const marker = (cut: number) => `… [truncated: ${cut} more characters]`;
  let end = Math.max(0, limit - marker(text.length).length);
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}${marker(text.length - end)}`;
}

/**
 * `value` as JSON the database accepts: what JSON cannot hold dropped (as JSON.stringify does),
 * every string and key made storable, and a result longer than `limit` characters of JSON
 * replaced by its beginning, as a string ending with the truncation marker. A value that is not
 * JSON at all (a cycle, a BigInt) is replaced by a sentence saying so.
 */
export function storableJson(value: unknown, limit = RESULT_LIMIT): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    const why = describeError(error).split("\n")[0] ?? "";
    return `[the result could not be kept: ${storableText(cappedText(why, 200))}]`;
  }
  if (text === undefined) return null;
  const storable = clean(JSON.parse(text) as JsonValue);
  const json = JSON.stringify(storable);
  return json.length <= limit ? storable : cappedText(json, limit);
}

function clean(value: JsonValue): JsonValue {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, inner] of Object.entries(value)) out[storableText(key)] = clean(inner);
    return out;
  }
  return value;
}

/** An error message the database accepts, at most ERROR_LIMIT characters. */
export function storableError(error: string): string {
  return cappedText(storableText(error), ERROR_LIMIT);
}

/**
 * What an executor returned, as an outcome: a module written in JavaScript, or cast, may return
 * anything, and a value that is no outcome must end the request like any failure rather than
 * break the recording (and leave the request running, to be run again).
 */
export function asOutcome(value: unknown): ExecutionOutcome {
  if (typeof value === "object" && value !== null && "ok" in value) {
    const { ok, error, result } = value as { ok: unknown; error?: unknown; result?: unknown };
    if (ok === true) return { ok: true, result: (result ?? null) as JsonValue };
    if (ok === false) {
      return {
        ok: false,
        error: typeof error === "string" && error ? error : "The action failed without saying why.",
        result: (result ?? null) as JsonValue,
      };
    }
  }
  return {
    ok: false,
    error:
      "The action answered something that is not an outcome ({ ok: true, result } or { ok: false, error }).",
  };
}

/** The outcome as it will be recorded: the same, unless something in it could not be stored. */
export function storableOutcome(outcome: ExecutionOutcome): ExecutionOutcome {
  if (outcome.ok) return { ok: true, result: storableJson(outcome.result) };
  return {
    ok: false,
    error: storableError(String(outcome.error)),
    result: storableJson(outcome.result ?? null),
  };
}
