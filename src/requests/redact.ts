import type { JsonObject, JsonValue } from "../core/json.ts";
import { MASK } from "../factory/params.ts";

/**
 * Values shorter than this are masked only where they stand alone ("42" in "#42", not in
 * "1420"): inside other words they would mask half of every text without protecting anything.
 */
const SHORT = 3;
/**
 * A text cut in the middle of a value (a capped response body) has its last part masked too,
 * when that part is at least half the value and this long: shorter ends are ordinary words.
 */
const MIN_PARTIAL = 3;

/** What must not reach people who may not see a request's sensitive params. */
export interface Secrets {
  /** The sensitive values, as text (numbers too; booleans and null say nothing findable). */
  readonly values: readonly string[];
  /** The sensitive params' names: a JSON property of that name is masked whatever it holds. */
  readonly names: readonly string[];
}

export const NO_SECRETS: Secrets = { values: [], names: [] };

/** The secrets among `params`: the values and names of those `isSensitive` says are. */
export function secretsOf(params: JsonObject, isSensitive: (name: string) => boolean): Secrets {
  const names = Object.keys(params).filter(isSensitive);
  return { values: unique(names.flatMap((name) => texts(params[name]))), names };
}

export function mergeSecrets(...all: readonly Secrets[]): Secrets {
  return {
    values: unique(all.flatMap((secrets) => secrets.values)),
    names: unique(all.flatMap((secrets) => secrets.names)),
  };
}

function texts(value: JsonValue | undefined): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value, value.trim()];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Masks every sensitive value inside a text or a JSON value; the same for every view. */
export interface Redactor {
  text(text: string): string;
  json(value: JsonValue): JsonValue;
}

/**
 * Every occurrence of every value becomes "••••", whatever its case, however a receiver may have
 * echoed it: as typed, JSON-escaped (inside a body quoted in an error) or URL-encoded, with any
 * run of whitespace for a space. A text that ends part-way through a value (a body cut at its
 * size limit) has that part masked too.
 */
export function redactor(secrets: Secrets): Redactor {
  const forms = unique(secrets.values.flatMap(encodings))
    .filter((form) => form !== "")
    .sort((a, b) => b.length - a.length);
  const names = new Set(secrets.names);
  if (forms.length === 0 && names.size === 0) return { text: (t) => t, json: (v) => v };
  const pattern = forms.length === 0 ? null : new RegExp(forms.map(formPattern).join("|"), "giu");
  const long = forms.filter((form) => form.length >= SHORT);
  // The regex is slow on long texts; a plain search for a piece of each value rules most out.
  const anchors = forms.map((form) => longestWord(form).toLowerCase());

  const text = (input: string): string => {
    if (pattern === null) return input;
    const lower = input.toLowerCase();
    const found = anchors.some((anchor) => lower.includes(anchor));
    return maskCutTail(found ? input.replace(pattern, MASK) : input, long);
  };
  const json = (value: JsonValue): JsonValue => {
    if (typeof value === "string") return text(value);
    if (typeof value === "number") {
      const shown = String(value);
      return text(shown) === shown ? value : MASK;
    }
    if (Array.isArray(value)) return value.map(json);
    if (value === null || typeof value !== "object") return value;
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      out[text(key)] = names.has(key) ? MASK : json(item);
    }
    return out;
  };
  return { text, json };
}

/** The ways a receiver may have written `value` back. */
function encodings(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const ascii = escaped.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return [value, escaped, ascii, encodeURIComponent(value)];
}

function longestWord(form: string): string {
  return form
    .split(/\s+/)
    .reduce((longest, word) => (word.length > longest.length ? word : longest));
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function formPattern(form: string): string {
  const body = form
    .split(/\s+/)
    .map((part) => part.replace(REGEX_SYNTAX, "\\$&"))
    .join("\\s+");
  return form.length < SHORT ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body;
}

/** "…card-7Q4Z-SENS" (cut at a size limit, maybe followed by "…") ends in a mask. */
function maskCutTail(text: string, forms: readonly string[]): string {
  const trimmed = text.trimEnd();
  const marker = trimmed.endsWith("…") ? 1 : trimmed.endsWith("...") ? 3 : 0;
  const end = trimmed.length - marker;
  for (const form of forms) {
    const least = Math.max(MIN_PARTIAL, Math.ceil(form.length / 2));
    const from = Math.max(end - form.length + 1, 0);
    if (end - from < least) continue;
    const window = text.slice(from, end).toLowerCase();
    const wanted = form.toLowerCase();
    // Lower-casing kept the lengths (it nearly always does), so positions still line up.
    if (window.length !== end - from || wanted.length !== form.length) continue;
    // Longest first: each place the value could start, then whether the rest is its start.
    for (
      let at = window.indexOf(wanted.charAt(0));
      at >= 0;
      at = window.indexOf(wanted.charAt(0), at + 1)
    ) {
      if (window.length - at < least) break;
      if (wanted.startsWith(window.slice(at))) {
        return text.slice(0, from + at) + MASK + text.slice(end);
      }
    }
  }
  return text;
}
