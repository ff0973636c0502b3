import type { z } from "zod";
import type { Clock } from "../core/clock.ts";
import type { JsonObject, JsonValue } from "../core/json.ts";
import type { ActionTemplates } from "./summary-template.ts";

export const PARAM_TYPES = [
  "text",
  "textarea",
  "number",
  "integer",
  "boolean",
  "select",
  "user",
  "date",
  "url",
  "email",
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** One parameter of an action: what the form shows and what the value must satisfy. */
export interface ParamSpec {
  readonly name: string;
  readonly label: string;
  readonly type: ParamType;
  readonly required: boolean;
  /** Shown under the field. */
  readonly hint?: string;
  readonly placeholder?: string;
  /** Masked everywhere except to the maker and the checkers. */
  readonly sensitive: boolean;
  /**
   * text / textarea: a regular expression searched for in the value (JSON Schema's `pattern`):
   * anchor it (`^…$`) to constrain the whole value.
   */
  readonly pattern?: string;
  /** number / integer: bounds; text / textarea: length bounds. */
  readonly min?: number;
  readonly max?: number;
  /** select: the allowed values. */
  readonly options?: readonly string[];
  /** Shown prominently on the checker's card when the param has a value. */
  readonly warning?: string;
  /** number: an amount of money in this ISO 4217 currency ("USD"), shown as "$1,250.00". */
  readonly currency?: string;
}

/** What an action requires in one environment; unset fields fall back to the action's own. */
export interface EnvironmentRule {
  /** How the form names the environment, e.g. "Production (live customers)"; the id is stored. */
  readonly label?: string;
  readonly approvals?: number;
  /** Replaces the action's checker allow-list in this environment. */
  readonly checkers?: readonly string[];
  readonly staleAfterMs?: number;
  readonly expireAfterMs?: number;
  /** Shown prominently on the checker's card, e.g. "These are live customers". */
  readonly warning?: string;
}

/** What the executor sees of the request it runs. */
export interface ExecutionRequest {
  readonly id: string;
  readonly number: number;
  readonly actionId: string;
  readonly environment: string;
  readonly team: string;
  readonly params: JsonObject;
  readonly purpose: string;
  readonly makerId: string;
  readonly checkerIds: readonly string[];
  readonly approvedBy: readonly string[];
  readonly approvedAt: Date;
}

export interface ExecutionContext {
  readonly request: ExecutionRequest;
  /** Aborted when the process shuts down or the executor's time is up. */
  readonly signal: AbortSignal;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
}

/** What an executor reports. Throwing is treated as a failure with the thrown message. */
export type ExecutionOutcome =
  | { readonly ok: true; readonly result: JsonValue }
  | { readonly ok: false; readonly error: string; readonly result?: JsonValue };

/**
 * An action type as the engine sees it, whichever source it came from. `summary` and `outcome`
 * (ActionTemplates) are its own words for the cards.
 */
export interface ActionDefinition extends ActionTemplates {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly source: "module" | "actions-file";
  /** Empty: any of the configured environments. */
  readonly environments: readonly string[];
  /** Distinct designated checkers that must approve before it runs. */
  readonly approvals: number;
  /** Allow-lists of Slack user ids (U…/W…) or user group ids (S…); empty means anyone. */
  readonly checkers: readonly string[];
  readonly makers: readonly string[];
  readonly params: readonly ParamSpec[];
  /** Validates and normalises submitted params (built from `params`, or given by a module). */
  readonly schema: z.ZodType<JsonObject>;
  /** Override STALE_AFTER / EXPIRE_AFTER; null: the configured default. */
  readonly staleAfterMs: number | null;
  readonly expireAfterMs: number | null;
  /** A user (U…/W…), user group (S…) or channel (C…/G…) to escalate to; null: nobody. */
  readonly escalateTo: string | null;
  /** Per environment: approvals, checkers, timings and a warning for the checker. */
  readonly rules: Readonly<Record<string, EnvironmentRule>>;
  /** The maker may run it without a checker in an emergency, giving a reason. */
  readonly breakGlass: boolean;
  /** False: running it twice could do harm, so an interrupted run is never retried. */
  readonly idempotent: boolean;
  execute(ctx: ExecutionContext): Promise<ExecutionOutcome>;
}
