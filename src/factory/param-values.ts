import type { JsonValue } from "../core/json.ts";
import { matchesPattern, patternMismatch } from "./pattern.ts";
import type { ParamSpec } from "./types.ts";

/**
 * Turns one submitted form value into its typed value, or a message for the person who filled
 * the form. Slack sends everything as strings, so strings are accepted for every type.
 */
export type ParamValueResult =
  | { readonly ok: true; readonly value: JsonValue | undefined }
  | { readonly ok: false; readonly error: string };

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
// Deliberately loose: the target system is the authority on deliverability.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

const fail = (error: string): ParamValueResult => ({ ok: false, error });
const pass = (value: JsonValue | undefined): ParamValueResult => ({ ok: true, value });

export function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "");
}

export function coerceParam(spec: ParamSpec, raw: unknown): ParamValueResult {
  if (isAbsent(raw)) return spec.required ? fail(`${spec.label} is required`) : pass(undefined);
  const value = typeof raw === "string" ? raw.trim() : raw;
  switch (spec.type) {
    case "text":
    case "textarea":
      return coerceText(spec, value);
    case "number":
    case "integer":
      return coerceNumber(spec, value);
    case "boolean":
      return coerceBoolean(spec, value);
    case "select":
      return typeof value === "string" && spec.options?.includes(value)
        ? pass(value)
        : fail(`${spec.label} must be one of ${(spec.options ?? []).join(", ")}`);
    case "user":
      return typeof value === "string" && USER_ID.test(value)
        ? pass(value)
        : fail(`${spec.label} must be a Slack user ID like U0123ABC`);
    case "date":
      return coerceDate(spec, value);
    case "url":
      return typeof value === "string" && isHttpUrl(value)
        ? pass(value)
        : fail(`${spec.label} must be a web address starting with http:// or https://`);
    case "email":
      return typeof value === "string" && EMAIL.test(value)
        ? pass(value)
        : fail(`${spec.label} must be an email address like name@example.com`);
  }
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === "http:" || protocol === "https:") && hostname !== "";
}

function characters(n: number): string {
  return `${n} character${n === 1 ? "" : "s"}`;
}

function coerceText(spec: ParamSpec, value: unknown): ParamValueResult {
  if (typeof value !== "string") return fail(`${spec.label} must be text`);
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const length = [...value].length;
  if (spec.min !== undefined && length < spec.min) {
    return fail(`${spec.label} must be at least ${characters(spec.min)}`);
  }
  if (spec.max !== undefined && length > spec.max) {
    return fail(`${spec.label} must be at most ${characters(spec.max)}`);
  }
  if (spec.pattern !== undefined && !matchesPattern(spec.pattern, value)) {
    return fail(patternMismatch(spec));
  }
  return pass(value);
}

function coerceNumber(spec: ParamSpec, value: unknown): ParamValueResult {
  const n = typeof value === "string" && NUMERIC.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return fail(`${spec.label} must be a number`);
  if (spec.type === "integer" && !Number.isInteger(n)) {
    return fail(`${spec.label} must be a whole number`);
  }
  if (spec.min !== undefined && n < spec.min)
    return fail(`${spec.label} must be at least ${spec.min}`);
  if (spec.max !== undefined && n > spec.max)
    return fail(`${spec.label} must be at most ${spec.max}`);
  return pass(n);
}

function coerceBoolean(spec: ParamSpec, value: unknown): ParamValueResult {
  if (typeof value === "boolean") return pass(value);
  const word = typeof value === "string" ? value.toLowerCase() : "";
  if (TRUE_WORDS.has(word)) return pass(true);
  if (FALSE_WORDS.has(word)) return pass(false);
  return fail(`${spec.label} must be yes or no`);
}

function coerceDate(spec: ParamSpec, value: unknown): ParamValueResult {
  const match = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (match === null) return fail(`${spec.label} must be a date like 2026-01-31`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real
    ? pass(value as string)
    : fail(`${spec.label} must be a real date (${value} does not exist)`);
}
