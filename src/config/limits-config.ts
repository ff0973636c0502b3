import { z } from "zod";
import { DEFAULT_LIMITS, type Rate, type RequestLimits } from "../requests/limits.ts";

const RATE_UNITS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const RATE = /^(\d{1,6})\s*\/\s*(\d{1,6})\s*([smh])$/;
const RATE_EXAMPLES = "like 20/10m (20 per 10 minutes) or 30/10s; the units are s, m and h";

/** "20/10m": at most 20 per 10 minutes. Null when the text is not such a rate. */
export function parseRate(text: string): Rate | null {
  const match = RATE.exec(text.trim());
  if (!match) return null;
  const [, count, amount, unit] = match;
  const rate = { count: Number(count), windowMs: Number(amount) * RATE_UNITS[unit as "s"] };
  return rate.count > 0 && rate.windowMs > 0 ? rate : null;
}

function rateSchema(fallback: Rate) {
  return z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return fallback;
      const rate = parseRate(text);
      if (rate) return rate;
      ctx.addIssue({ code: "custom", message: `must be a count per duration, ${RATE_EXAMPLES}` });
      return z.NEVER;
    });
}

/**
 * The limits that keep one person from hurting everyone, as variables; part of the engine's
 * settings (`engineConfigSchema`). Blank counts as unset.
 */
export const limitsVariables = {
  MAX_CHECKERS: z
    .string()
    .trim()
    .optional()
    .refine(
      (text) => !text || (/^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 100),
      "must be a whole number from 1 to 100",
    )
    .transform((text) => (text ? Number(text) : DEFAULT_LIMITS.maxCheckers)),
  REQUEST_RATE_LIMIT: rateSchema(DEFAULT_LIMITS.requestRate),
  CLICK_RATE_LIMIT: rateSchema(DEFAULT_LIMITS.clickRate),
};

type LimitsValues = {
  [Name in keyof typeof limitsVariables]: z.output<(typeof limitsVariables)[Name]>;
};

export function limitsFrom(values: LimitsValues): RequestLimits {
  return {
    maxCheckers: values.MAX_CHECKERS,
    requestRate: values.REQUEST_RATE_LIMIT,
    clickRate: values.CLICK_RATE_LIMIT,
  };
}
