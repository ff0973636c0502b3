import type { JsonValue } from "../core/json.ts";

/**
 * Why a webhook run failed, as the cards say it in words: the status of an answer is in the
 * failed outcome's result (`{ status, body }`); the other reasons are in the opening words of the
 * error, which webhook-executor.ts writes (keep the two files in step).
 */
export type WebhookFailure =
  | { readonly kind: "answered"; readonly status: number }
  | { readonly kind: "unreachable" | "timeout" | "cancelled" | "unreadable" };

export type WebhookFailureKind = Exclude<WebhookFailure["kind"], "answered">;

const OPENINGS: readonly [RegExp, WebhookFailureKind][] = [
  [/^Webhook could not be reached\b/, "unreachable"],
  [/^Webhook did not answer within\b/, "timeout"],
  [/^Webhook call was cancelled\b/, "cancelled"],
  [/^Webhook answered \d{3} but the answer could not be read\b/, "unreadable"],
];

/** The failure of a webhook run, or undefined when it was not one (a module's own error). */
export function webhookFailureOf(
  error: string | null,
  result: JsonValue | null,
): WebhookFailure | undefined {
  if (result !== null && typeof result === "object" && !Array.isArray(result)) {
    const { status } = result;
    if (typeof status === "number" && Number.isInteger(status)) return { kind: "answered", status };
  }
  const text = error ?? "";
  for (const [opening, kind] of OPENINGS) if (opening.test(text)) return { kind };
  const answered = /^Webhook answered (\d{3})\b/.exec(text);
  return answered ? { kind: "answered", status: Number(answered[1]) } : undefined;
}
