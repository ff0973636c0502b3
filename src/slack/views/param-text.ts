import type { JsonValue } from "../../core/json.ts";
import { stripBidiControls } from "../../core/text.ts";
import { MASK } from "../../factory/params.ts";
import type { ParamSpec } from "../../factory/types.ts";
import { describeValue, isUserId, mention, oneLine, safe, truncate } from "./blocks.ts";
import { formatMoney } from "./money.ts";

/**
 * Whether a param's value is masked for this reader: a sensitive one unless `reveal`; one the
 * action does not declare (removed since, or the action itself is gone) may have been sensitive.
 */
export function isMasked(spec: ParamSpec | undefined, reveal: boolean): boolean {
  return !reveal && (spec === undefined || spec.sensitive);
}

/** A param's value as escaped mrkdwn, cut to `max`: money formatted, booleans Yes/No, users mentioned. */
export function paramValue(spec: ParamSpec | undefined, value: JsonValue, max: number): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (value === null || value === "") return "—";
  if (spec?.type === "user" && isUserId(value)) return mention(value);
  const money = formatMoney(spec, value);
  if (money !== undefined) return safe(money, max);
  return safe(describeValue(value), max);
}

/**
 * The same value as plain text (a confirm dialog cannot render mrkdwn): one line, no mention
 * (plain text would show `<@U…>` raw).
 */
export function plainParamValue(
  spec: ParamSpec | undefined,
  value: JsonValue,
  max: number,
): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (value === null || value === "") return "—";
  if (spec?.type === "user" && isUserId(value)) return "the person chosen";
  const money = formatMoney(spec, value);
  return truncate(stripBidiControls(oneLine(money ?? describeValue(value))), max);
}

/** A value in a sentence, masked unless the reader may see it. */
export function inlineValue(
  spec: ParamSpec | undefined,
  value: JsonValue | undefined,
  options: { reveal: boolean; plain?: boolean; max: number },
): string {
  if (value === undefined) return "—";
  if (isMasked(spec, options.reveal)) return MASK;
  return options.plain
    ? plainParamValue(spec, value, options.max)
    : paramValue(spec, typeof value === "string" ? oneLine(value) : value, options.max);
}
