import { z } from "zod";

/**
 * Helpers shared by the two places action configuration is validated (actions.yml and
 * `defineAction`), so a mistake reads the same wherever it was made.
 */

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

/** A short, safe rendering of what was found, for "(got …)". */
export function describeInput(input: unknown): string {
  if (input === null) return "an empty value";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") {
    return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  }
  return String(input);
}

function countOf(n: number | bigint, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/**
 * Per-parse error map: zod's defaults ("Invalid input: expected string, received number") are
 * written for developers; these are for whoever edits the YAML. Schema-level messages win.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} (got ${describeInput(issue.input)})`;
    case "too_small":
      if (issue.origin === "string") {
        return issue.minimum === 1
          ? "must not be empty"
          : `must be at least ${countOf(issue.minimum, "character")}`;
      }
      if (issue.origin === "array") return `must list at least ${countOf(issue.minimum, "item")}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string")
        return `must be at most ${countOf(issue.maximum, "character")}`;
      if (issue.origin === "array") return `must list at most ${countOf(issue.maximum, "item")}`;
      return `must be at most ${issue.maximum}`;
    case "invalid_value": {
      const values = issue.values.map(String);
      return values.length === 1 ? `must be "${values[0]}"` : `must be one of ${values.join(", ")}`;
    }
    default:
      return undefined;
  }
};

/** A strict object whose unknown-key error lists the keys that are allowed. */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = issue.keys.map((key) => `"${key}"`).join(", ");
      const noun = issue.keys.length === 1 ? "key" : "keys";
      return `unknown ${noun} ${keys} (allowed: ${allowed})`;
    },
  });
}

/**
 * Use instead of `z.number().int()`: its failure aborts the whole parse for `uniqueBy`, so a
 * fractional `approvals` would hide a duplicate id elsewhere in the file.
 */
export function wholeNumber() {
  return z.number().refine(Number.isInteger, "must be a whole number");
}

/** ["params", 1, "max"] → "params[1].max" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Where an issue really points: an unknown key is reported on its object, not on itself. */
export function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  const path: PropertyKey[] = [...issue.path];
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path;
}

/**
 * Reports items whose `key` repeats an earlier one. Runs even when items are otherwise invalid
 * (zod skips ordinary refinements then), so a duplicate is reported with everything else; only
 * an explicitly aborting issue (`abort: true`, `.int()`) still stops it, so avoid those.
 */
export function uniqueBy<T>(key: string, owner: string) {
  return z.superRefine<T[]>(
    (items, ctx) => {
      if (!Array.isArray(items)) return;
      const seen = new Map<string, number>();
      items.forEach((item: unknown, index) => {
        if (typeof item !== "object" || item === null) return;
        const value: unknown = (item as Record<string, unknown>)[key];
        if (typeof value !== "string") return;
        const first = seen.get(value);
        if (first === undefined) {
          seen.set(value, index);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: [index, key],
          message: `${key} "${value}" is already used by ${owner} #${first + 1}`,
        });
      });
    },
    { when: () => true },
  );
}
