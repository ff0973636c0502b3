import type { ParamSpec } from "../../factory/types.ts";

/** "Amount (USD)": a currency code in a label's brackets counts as the param's currency. */
const LABEL_CURRENCY = /\(([A-Z]{3})\)\s*$/;

function knownCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    return true;
  } catch {
    return false;
  }
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
  if (currency !== undefined) {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
  }
  if (!looksLikeAmount(spec)) return undefined;
  return new Intl.NumberFormat("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
}
