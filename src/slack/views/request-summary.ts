import type { JsonValue } from "../../core/json.ts";
import { formatWait } from "../../core/time-text.ts";
import type { ActionDefinition, ParamSpec } from "../../factory/types.ts";
import { redactor } from "../../requests/redact.ts";
import { failureHeadline, redactRequest, requestSecrets } from "../../requests/redact-request.ts";
import { ruleFor } from "../../requests/rules.ts";
import type { RequestStatus } from "../../requests/status.ts";
import { label } from "../../requests/status-labels.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { describeValue, oneLine, safe, truncate } from "./blocks.ts";
import { environmentName } from "./environment-name.ts";
import { inlineValue } from "./param-text.ts";
import { slackTime } from "./time-token.ts";
import { literalMrkdwn } from "./user-text.ts";

/** The template's `{name}`s are at odd indexes of this split. */
const PLACEHOLDER = /\{([^{}]*)\}/;
/** A value longer than this is cut in a summary: the details below show it whole. */
const VALUE_MAX = 80;
/** Values longer than this are not picked for a default summary. */
const SHORT_VALUE = 40;
const DEFAULT_PARAMS = 3;
const SUMMARY_MAX = 300;

export interface SummaryOptions {
  /** The maker and the checkers see sensitive values; everyone else a mask. */
  readonly reveal: boolean;
  /** Plain text (a confirm dialog) instead of escaped mrkdwn. */
  readonly plain?: boolean;
}

function specsOf(action: ActionDefinition | undefined): Map<string, ParamSpec> {
  return new Map((action?.params ?? []).map((spec) => [spec.name, spec]));
}

/** A short value of a param that can stand in a sentence: no secret, no paragraph, no person. */
function fitsSentence(spec: ParamSpec, value: JsonValue | undefined): boolean {
  if (spec.sensitive || ["textarea", "boolean", "user"].includes(spec.type)) return false;
  if (value === undefined || value === null || value === "") return false;
  const text = describeValue(value);
  return text.length <= SHORT_VALUE && !text.includes("\n");
}

/** The params of a default summary: up to three short ones, the required first, in order. */
function defaultParams(request: RequestRecord, action: ActionDefinition): ParamSpec[] {
  const fit = action.params.filter((spec) => fitsSentence(spec, request.params[spec.name]));
  const picked = [...fit.filter((s) => s.required), ...fit.filter((s) => !s.required)].slice(
    0,
    DEFAULT_PARAMS,
  );
  return fit.filter((spec) => picked.includes(spec));
}

/** The params a request's summary names, so the details below need not repeat them. */
export function summaryParamNames(
  request: RequestRecord,
  action: ActionDefinition | undefined,
): string[] {
  if (!action) return [];
  if (action.summary === undefined) return defaultParams(request, action).map((s) => s.name);
  const names = action.summary.split(PLACEHOLDER).filter((_, index) => index % 2 === 1);
  return names.map((name) => name.trim());
}

/** "Amount (USD)" → "amount", "Invoice ID" → "invoice ID": a label inside a sentence. */
function labelInSentence(text: string): string {
  const bare = text.replace(/\s*\([^)]*\)\s*$/, "").trim() || text;
  return /^[A-Z][A-Z]/.test(bare) ? bare : bare.charAt(0).toLowerCase() + bare.slice(1);
}

/**
 * What is asked, in one line: the action's `summary` with its params filled in ("waive $1,250.00
 * on in_123"), else its title and up to three short params ("Billing waiver: invoice ID in_123,
 * amount $250.00"). Money formatted; sensitive values masked unless `reveal`. Escaped mrkdwn
 * (without the surrounding bold) unless `plain`.
 */
export function requestSummary(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  options: SummaryOptions,
): string {
  const words = (text: string) => (options.plain ? text : literalMrkdwn(text));
  const value = (spec: ParamSpec | undefined, name: string) =>
    inlineValue(spec, request.params[name], { ...options, max: VALUE_MAX });
  if (!action) return truncate(words(request.actionId), SUMMARY_MAX);
  const specs = specsOf(action);
  if (action.summary !== undefined) {
    const parts = action.summary.split(PLACEHOLDER);
    const text = parts
      .map((part, index) =>
        index % 2 === 0 ? words(part) : value(specs.get(part.trim()), part.trim()),
      )
      .join("");
    return truncate(text, SUMMARY_MAX);
  }
  const named = defaultParams(request, action).map(
    (spec) => `${words(labelInSentence(spec.label))} ${value(spec, spec.name)}`,
  );
  const title = words(oneLine(action.title));
  return truncate(named.length > 0 ? `${title}: ${named.join(", ")}` : title, SUMMARY_MAX);
}

/**
 * "*waive $1,250.00 on in_123* for Acme Corp in production": the summary in bold, for whom and
 * where. Escaped mrkdwn; the team masked like any text when the reader may not see secrets.
 */
export function whatLine(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
  options: { reveal: boolean; bold?: boolean },
): string {
  const request = options.reveal ? raw : redactRequest(raw, action);
  const team = safe(oneLine(request.team), 100);
  const where = safe(oneLine(environmentName(request, action)), 100);
  const summary = requestSummary(raw, action, options);
  return `${options.bold === false ? summary : `*${summary}*`} for ${team} in ${where}`;
}

/** The same in plain text, for a confirm dialog: "waive $1,250.00 on in_123 for Acme Corp in production". */
export function plainWhatLine(
  raw: RequestRecord,
  action: ActionDefinition | undefined,
  options: { reveal: boolean } = { reveal: true },
): string {
  const request = options.reveal ? raw : redactRequest(raw, action);
  const summary = requestSummary(raw, action, { reveal: options.reveal, plain: true });
  return `${summary} for ${oneLine(request.team)} in ${oneLine(environmentName(request, action))}`;
}

/** The request this one resends (a Duplicate), and how that one ended. */
export interface ResendOf {
  readonly number: number;
  readonly status: RequestStatus;
  /** Why it ended: a decline's reason or a failure's error (only its headline is shown). */
  readonly reason?: string | null;
}

export interface ContextLineInput {
  readonly expiresAt?: Date | undefined;
  readonly resendOf?: ResendOf | undefined;
  readonly reveal: boolean;
}

/** When a pending request expires: the one given, else the action's own expiry, if it has one. */
function expiryOf(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  given: Date | undefined,
): Date | undefined {
  if (given !== undefined) return given;
  const ms = action ? ruleFor(action, request.environment).expireAfterMs : null;
  return ms === null ? undefined : new Date(request.createdAt.getTime() + ms);
}

/** 'resend of #7, declined: "Above the policy"'. */
function resendText(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  input: ContextLineInput,
): string {
  const of = input.resendOf;
  if (!of) return "";
  const raw =
    of.status === "FAILED" ? failureHeadline(of.reason ?? null) : oneLine(of.reason ?? "");
  const reason = input.reveal ? raw : redactor(requestSecrets(request, action)).text(raw);
  const why = reason ? `: “${safe(reason, 150)}”` : "";
  return `resend of #${of.number}, ${label(of.status)}${why}`;
}

/** Approved or declined by a checker (not cancelled, expired, or run by breaking the glass). */
function decidedByChecker(request: RequestRecord): boolean {
  const decided = ["APPROVED", "EXECUTING", "FINISHED", "FAILED", "DECLINED"];
  return decided.includes(request.status) && request.breakGlassReason === null;
}

/**
 * The card's one context line: "#12 · expires <date> · resend of #7, declined: "…"". While it
 * is pending it says when it expires; once a checker decided, how long that took.
 */
export function contextLine(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  input: ContextLineInput,
): string {
  const parts = [`#${request.number}`];
  const expires =
    request.status === "PENDING" ? expiryOf(request, action, input.expiresAt) : undefined;
  if (expires) parts.push(`expires ${slackTime(expires)}`);
  if (decidedByChecker(request) && request.decidedAt) {
    const waited = request.decidedAt.getTime() - request.createdAt.getTime();
    parts.push(`decided after ${formatWait(waited)}`);
  }
  const resend = resendText(request, action, input);
  if (resend) parts.push(resend);
  return parts.join(" · ");
}
