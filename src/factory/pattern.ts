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

/**
 * What the person filling the form reads when a value does not fit the pattern, never the raw
 * expression: the param's hint or placeholder when it has one, else plain words for a literal
 * pattern ("must start with in_"), else that the format is not the expected one.
 */
export function patternMismatch(
  spec: Pick<ParamSpec, "label" | "pattern" | "hint" | "placeholder">,
): string {
  const { label } = spec;
  if (spec.hint?.trim()) return `${label} is not in the expected format: ${spec.hint.trim()}`;
  if (spec.placeholder?.trim()) {
    return `${label} is not in the expected format (for example: ${spec.placeholder.trim()})`;
  }
  const literal = spec.pattern === undefined ? null : literalPattern(spec.pattern);
  if (literal) {
    const text = `"${literal.text}"`;
    if (literal.start && literal.end) return `${label} must be exactly ${text}`;
    if (literal.start) return `${label} must start with ${text}`;
    if (literal.end) return `${label} must end with ${text}`;
    return `${label} must contain ${text}`;
  }
  return `${label} is not in the expected format`;
}
