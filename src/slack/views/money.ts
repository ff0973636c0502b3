import type { ParamSpec } from "../../factory/types.ts";

/** "Amount (USD)": a currency code in a label's brackets counts as the param's currency. */
const LABEL_CURRENCY = /\(([A-Z]{3})\)\s*$/;

/**
 * One formatter per currency, made once: building an Intl.NumberFormat costs far more than using
 * one, and every card, reply and Home row formats its amounts (1 % of the bot's CPU under load).
 * null: a code Intl does not know.
 */
const formatters = new Map<string, Intl.NumberFormat | null>();
const plainAmount = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

function currencyFormat(code: string): Intl.NumberFormat | null {
  let format = formatters.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    } catch {
      format = null;
    }
    // Codes come from actions.yml and labels: a handful, but never let the map grow unbounded.
    if (formatters.size < 1000) formatters.set(code, format);
  }
  return format;
}

function knownCurrency(code: string): boolean {
  return currencyFormat(code) !== null;
}

/**
 * The currency of a param that holds money: its `currency`, else a code in its label's brackets
 * ("Amount (USD)"); undefined for anything else.
 */
export function currencyOf(spec: ParamSpec | undefined): string | undefined {
  if (spec?.type !== "number" && spec?.type !== "integer") return undefined;
  const code = spec.currency ?? LABEL_CURRENCY.exec(spec.label)?.[1];
  return code !== undefined && knownCurrency(code) ? code : undefined;
}

/** A number param named amount… without a currency: still read as an amount. */
function looksLikeAmount(spec: ParamSpec | undefined): boolean {
  return (spec?.type === "number" || spec?.type === "integer") && /^amount/.test(spec.name);
}

/**
 * A param's number as people read it: money as "$1,250.00" (or "€1,250.00"), an amount without
 * a currency as "1,250.00"; undefined when the param is not money (shown as it is then).
 */
export function formatMoney(spec: ParamSpec | undefined, value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const currency = currencyOf(spec);
  const format = currency === undefined ? null : currencyFormat(currency);
  if (format) return format.format(value);
  if (!looksLikeAmount(spec)) return undefined;
  return plainAmount.format(value);
}
