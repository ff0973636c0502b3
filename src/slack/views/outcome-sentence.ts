import type { JsonValue } from "../../core/json.ts";
import type { ActionDefinition } from "../../factory/types.ts";
import { type WebhookFailure, webhookFailureOf } from "../../factory/webhook-failure.ts";
import { UNRECORDED_ERROR } from "../../requests/record-outcome.ts";
import { failureHeadline, redactRequest } from "../../requests/redact-request.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { mention, oneLine, safe, truncate } from "./blocks.ts";
import { inlineValue } from "./param-text.ts";
import { requestSummary } from "./request-summary.ts";
import { literalMrkdwn } from "./user-text.ts";

const PLACEHOLDER = /\{([^{}]*)\}/;
const VALUE_MAX = 80;
const SENTENCE_MAX = 500;

/** A field of the action's answer: `result.a.b` in the result, or for a webhook in its body. */
function resultField(result: JsonValue | null, path: readonly string[]): string | undefined {
  const walk = (from: JsonValue | null | undefined): JsonValue | undefined => {
    let at: JsonValue | null | undefined = from;
    for (const key of path) {
      if (at === null || typeof at !== "object" || Array.isArray(at) || !Object.hasOwn(at, key)) {
        return undefined;
      }
      at = at[key];
    }
    return at ?? undefined;
  };
  const body =
    result !== null && typeof result === "object" && !Array.isArray(result) ? result.body : null;
  const found = walk(result) ?? walk(body);
  if (typeof found === "string" && found.trim() !== "") return oneLine(found);
  if (typeof found === "number" || typeof found === "boolean") return String(found);
  return undefined;
}

/** The action's `outcome.done` filled in; undefined when a field it names is missing. */
function doneTemplate(
  request: RequestRecord,
  action: ActionDefinition,
  reveal: boolean,
): string | undefined {
  const template = action.outcome?.done;
  if (template === undefined) return undefined;
  const specs = new Map(action.params.map((spec) => [spec.name, spec]));
  const parts = template.split(PLACEHOLDER);
  const out: string[] = [];
  for (const [index, part] of parts.entries()) {
    const name = part.trim();
    if (index % 2 === 0) out.push(literalMrkdwn(part));
    else if (name.startsWith("result.")) {
      const value = resultField(request.result, name.split(".").slice(1));
      if (value === undefined) return undefined;
      out.push(safe(value, VALUE_MAX));
    } else {
      if (!Object.hasOwn(request.params, name)) return undefined;
      out.push(inlineValue(specs.get(name), request.params[name], { reveal, max: VALUE_MAX }));
    }
  }
  return out.join("").trim();
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "the webhook (billing.example.com)", the declared system, or "the system it acts on". */
function systemOf(action: ActionDefinition | undefined): string {
  return safe(oneLine(action?.system ?? "the system it acts on"), 80);
}

function webhookSentence(failure: WebhookFailure, system: string): string {
  switch (failure.kind) {
    case "answered":
      return failure.status >= 400 && failure.status < 500
        ? `${capitalized(system)} refused it (error ${failure.status}); nothing changed.`
        : `${capitalized(system)} failed to do it (error ${failure.status}); check it before trying again.`;
    case "unreachable":
      return `It could not reach ${system}; nothing changed.`;
    case "timeout":
      return `${capitalized(system)} did not answer in time; it may or may not have done it: check before trying again.`;
    case "cancelled":
      return `The run was stopped before ${system} answered; check it before trying again.`;
    case "unreadable":
      return `${capitalized(system)} answered, but its answer could not be read; check whether it was done.`;
  }
}

function failedSentence(request: RequestRecord, action: ActionDefinition | undefined): string {
  const system = systemOf(action);
  if (request.error === UNRECORDED_ERROR) {
    return `It ran, but what ${system} answered could not be recorded; check whether it was done before trying again.`;
  }
  // The bot's own words on an interrupted run say what to do: kept whole, never cut to a headline.
  if (request.error?.startsWith("Interrupted")) return safe(oneLine(request.error), 300);
  const failure = webhookFailureOf(request.error, request.result);
  if (failure) return webhookSentence(failure, system);
  return `It failed: ${safe(failureHeadline(request.error, 200), 250)}.`;
}

/**
 * What happened, in one sentence of escaped mrkdwn, instead of the executor's raw answer (which
 * stays in Details): "Done: waive $1,250.00 on in_123.", "The webhook (billing.example.com)
 * refused it (error 422); nothing changed.", "It could not reach … ; nothing changed.". A done
 * request uses the action's `outcome.done` when every field it names is there. Unless `reveal`
 * (the maker and the checkers), sensitive values are masked, in the params and the answer alike.
 * For a request that did not run, what ended it.
 */
export function outcomeSentence(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
  options: { reveal: boolean } = { reveal: false },
): string {
  const request = options.reveal ? raw : redactRequest(raw, action);
  const by = (id: string | null) => (id && id !== "system" ? ` by ${mention(id)}` : "");
  const reason = request.decisionReason ? `: “${safe(oneLine(request.decisionReason), 300)}”` : "";
  let sentence: string;
  switch (request.status) {
    case "FINISHED": {
      const own = action ? doneTemplate(request, action, options.reveal) : undefined;
      const what = own ?? requestSummary(raw, action, options);
      sentence = `Done: ${what.replace(/[.!]$/, "")}.`;
      break;
    }
    case "FAILED":
      sentence = failedSentence(request, action);
      break;
    case "DECLINED":
      sentence = `Declined${by(request.decidedBy)}${reason}; nothing ran.`;
      break;
    case "CANCELLED":
      sentence = `Cancelled by the maker${reason}; nothing ran.`;
      break;
    case "EXPIRED":
      sentence = "Expired: nobody decided in time; nothing ran.";
      break;
    case "EXECUTING":
      sentence = "Running now.";
      break;
    case "APPROVED":
      sentence = "Approved; it runs next.";
      break;
    case "PENDING":
      sentence = "Waiting for a decision.";
      break;
  }
  return truncate(sentence, SENTENCE_MAX);
}
