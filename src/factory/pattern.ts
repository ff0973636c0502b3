import { patternWords } from "./pattern-words.ts";
import type { ParamSpec } from "./types.ts";

/**
 * `pattern` in a param spec, with the semantics of JSON Schema and OpenAPI: the regular
 * expression is searched for in the value, not matched against all of it. `^in_` means "starts
 * with in_", `[0-9]$` "ends with a digit", and `^in_[0-9]+$` anchors both ends for a whole value.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern);
}

export function matchesPattern(pattern: string, value: string): boolean {
  return compilePattern(pattern).test(value);
}

/** Characters with a meaning in a regular expression; a pattern without any is literal text. */
const METACHARACTERS = /[\\.*+?()[\]{}|^$]/;

/**
 * The text a pattern stands for when it has no regular-expression syntax besides anchors: `^in_`
 * → { text: "in_", start: true, end: false }. Null for anything else.
 */
export function literalPattern(
  pattern: string,
): { readonly text: string; readonly start: boolean; readonly end: boolean } | null {
  const start = pattern.startsWith("^");
  const end = pattern.length > (start ? 1 : 0) && pattern.endsWith("$");
  const text = pattern.slice(start ? 1 : 0, end ? -1 : undefined);
  if (text === "" || METACHARACTERS.test(text)) return null;
  return { text, start, end };
}

/**
 * A pattern anchored at both ends with nothing but literal text in between, e.g. `^in_$`: it
 * accepts one value, the text itself. Usually meant as "starts with in_" (`^in_`).
 */
export function onlyMatchesItself(pattern: string): string | null {
  const literal = literalPattern(pattern);
  return literal?.start && literal.end ? literal.text : null;
}

/** "Like in_1A2b3C", "A Stripe id, e.g. in_1Mt" → the example the text gives, if any. */
function exampleIn(text: string | undefined): string | null {
  const match = text ? /\b(?:like|e\.g\.|for example:?)\s+(\S+?)[.,;)]*$/i.exec(text.trim()) : null;
  return match?.[1] ?? null;
}

/**
 * What the form shows under a param before anything is typed: its own `hint`, else its pattern
 * in words ("Starts with in_, then letters and digits"), else nothing.
 */
export function formatHint(spec: Pick<ParamSpec, "pattern" | "hint">): string | undefined {
  if (spec.hint?.trim()) return spec.hint.trim();
  return spec.pattern === undefined ? undefined : (patternWords(spec.pattern)?.hint ?? undefined);
}

/**
 * What the person filling the form reads when a value does not fit the pattern, never the raw
 * expression: the pattern in words with an example ("Invoice ID should start with in_, then
 * letters and digits (like in_1A2b3C)"), the example taken from the hint or placeholder when
 * they give one; for a pattern that cannot be worded, the hint or placeholder itself.
 */
export function patternMismatch(
  spec: Pick<ParamSpec, "label" | "pattern" | "hint" | "placeholder">,
): string {
  const { label } = spec;
  const words = spec.pattern === undefined ? null : patternWords(spec.pattern);
  if (words) {
    const given = exampleIn(spec.hint) ?? spec.placeholder?.trim();
    const example =
      given && spec.pattern !== undefined && matchesPattern(spec.pattern, given)
        ? given
        : words.example;
    return `${label} should ${words.rule}${example ? ` (like ${example})` : ""}`;
  }
  if (spec.hint?.trim()) return `${label} is not in the expected format: ${spec.hint.trim()}`;
  if (spec.placeholder?.trim()) {
    return `${label} is not in the expected format (for example: ${spec.placeholder.trim()})`;
  }
  return `${label} is not in the expected format`;
}
