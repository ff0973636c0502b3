import { z } from "zod";
import type { JsonObject } from "../core/json.ts";
import { describeInput, strictObject, uniqueBy } from "./config-issues.ts";
import { coerceParam } from "./param-values.ts";
import { compilePattern } from "./pattern.ts";
import { type ActionDefinition, PARAM_TYPES, type ParamSpec, type ParamType } from "./types.ts";

export const PARAM_NAME = /^[a-z][a-z0-9_]*$/;
/** What previews show instead of a sensitive value. */
export const MASK = "••••";

const LENGTH_BOUNDED: readonly ParamType[] = ["text", "textarea"];
const VALUE_BOUNDED: readonly ParamType[] = ["number", "integer"];

const patternSchema = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      compilePattern(pattern);
    } catch (error) {
      // V8 prefixes the message with the compiled source; the reason alone is what helps.
      const message = error instanceof Error ? error.message : String(error);
      const reason = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "");
      ctx.addIssue({ code: "custom", message: `is not a valid regular expression (${reason})` });
    }
  });

const specShape = {
  name: z.string().regex(PARAM_NAME, "must start with a-z and use only a-z, 0-9 and _"),
  label: z.string().trim().min(1),
  type: z.enum(PARAM_TYPES),
  required: z.boolean().default(false),
  hint: z.string().optional(),
  placeholder: z.string().optional(),
  sensitive: z.boolean().default(false),
  pattern: patternSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.string().trim().min(1)).min(1).optional(),
  /** Shown prominently to the checker when the param has a value. */
  warning: z.string().trim().min(1).max(500).optional(),
  /** number: an amount in this currency (ISO 4217: USD, EUR), shown as money on the cards. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code, like USD or EUR")
    .optional(),
};

type SpecFields = z.output<ReturnType<typeof strictObject<typeof specShape>>>;

/**
 * Rules between fields. Written against possibly-invalid input because it also runs when a field
 * failed, so every mistake in a param is reported at once.
 */
function crossFieldRules(spec: SpecFields, ctx: z.core.$RefinementCtx<SpecFields>): void {
  const { type, min, max, options, pattern } = spec;
  const problem = (field: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [field], message });
  if (typeof type !== "string" || !PARAM_TYPES.includes(type)) return;
  if (type === "select" && options === undefined) problem("options", "is required for a select");
  if (type !== "select" && options !== undefined) problem("options", "only applies to a select");
  if (spec.currency !== undefined && !VALUE_BOUNDED.includes(type)) {
    problem("currency", "only applies to number and integer");
  }
  if (pattern !== undefined && !LENGTH_BOUNDED.includes(type)) {
    problem("pattern", "only applies to text and textarea");
  }
  const bounded = LENGTH_BOUNDED.includes(type) || VALUE_BOUNDED.includes(type);
  for (const [field, bound] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (bound === undefined) continue;
    if (!bounded) problem(field, "only applies to number, integer, text and textarea");
    else if (LENGTH_BOUNDED.includes(type) && (!Number.isInteger(bound) || bound < 0)) {
      problem(
        field,
        `is a length, so it must be a whole number, 0 or more (got ${describeInput(bound)})`,
      );
    }
  }
  if (typeof min === "number" && typeof max === "number" && min > max) {
    problem("min", `must not be greater than max (${max})`);
  }
  if (Array.isArray(options)) {
    options.forEach((option, index) => {
      if (options.indexOf(option) !== index) {
        ctx.addIssue({
          code: "custom",
          path: ["options", index],
          message: `"${option}" is listed twice`,
        });
      }
    });
  }
}

function toParamSpec(fields: SpecFields): ParamSpec {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return Object.fromEntries(present) as unknown as ParamSpec;
}

/** One param as written in actions.yml or a module (`required`/`sensitive` default to false). */
export const paramSpecSchema = strictObject(specShape)
  .check(
    z.superRefine(crossFieldRules, {
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    }),
  )
  .transform(toParamSpec);

/** A param as a module declares it: ParamSpec with `required` and `sensitive` optional. */
export type ParamSpecInput = Omit<ParamSpec, "required" | "sensitive"> & {
  readonly required?: boolean;
  readonly sensitive?: boolean;
};

export const paramListSchema = z.array(paramSpecSchema).check(uniqueBy<ParamSpec>("name", "param"));

/** Validates submitted values against the specs: coerces form strings, drops unknown keys. */
export function buildParamsSchema(specs: readonly ParamSpec[]): z.ZodType<JsonObject> {
  return z.unknown().transform((input, ctx) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.addIssue({
        code: "custom",
        message: "Params must be an object with one value per field",
      });
      return z.NEVER;
    }
    const values: JsonObject = {};
    for (const spec of specs) {
      // hasOwn: a param named e.g. "constructor" must not pick up Object.prototype's.
      const raw = Object.hasOwn(input, spec.name)
        ? (input as Record<string, unknown>)[spec.name]
        : undefined;
      const result = coerceParam(spec, raw);
      if (!result.ok) ctx.addIssue({ code: "custom", path: [spec.name], message: result.error });
      else if (result.value !== undefined) values[spec.name] = result.value;
    }
    return values;
  });
}

export type ParamsResult =
  | { readonly ok: true; readonly value: JsonObject }
  | { readonly ok: false; readonly errors: Record<string, string> };

/** Errors keyed by param name (or "params") so a modal can show each under its own block. */
export function parseActionParams(action: ActionDefinition, input: unknown): ParamsResult {
  const parsed = action.schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const names = new Set(action.params.map((spec) => spec.name));
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const head = issue.path[0];
    const key = typeof head === "string" && names.has(head) ? head : "params";
    if (!Object.hasOwn(errors, key)) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

export function maskParams(action: ActionDefinition, params: JsonObject): JsonObject {
  const masked: JsonObject = { ...params };
  for (const spec of action.params) {
    if (spec.sensitive && Object.hasOwn(params, spec.name)) masked[spec.name] = MASK;
  }
  return masked;
}
