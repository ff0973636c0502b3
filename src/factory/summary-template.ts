import { z } from "zod";
import { strictObject } from "./config-issues.ts";

/**
 * An action's own words for its cards (actions.yml `summary` and `outcome`): templates whose
 * `{name}` placeholders are filled with the request's params, and in `outcome.done` also with
 * `{result.field}` from what the action answered. Validated where the action is declared, so a
 * typo is a start-up error rather than a card that says "undefined".
 */

/** `{invoice_id}`, `{result.credit_note}`: what a placeholder may be. */
const PLACEHOLDER = /\{([^{}]*)\}/g;
const PARAM = /^[a-z][a-z0-9_]*$/;
const RESULT_PATH = /^result(\.[A-Za-z0-9_-]+)+$/;

/** The placeholders of `template`, in order, as written between the braces. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? "").trim());
}

/** Fills each `{name}` with `fill(name)`; the text around them is kept as it is. */
export function fillTemplate(template: string, fill: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => fill(name.trim()));
}

/** The fields, in the file's words: `summary: "waive {amount} on {invoice_id}"`. */
export const templateFields = {
  summary: z.string().trim().min(1).max(200).optional(),
  outcome: strictObject({ done: z.string().trim().min(1).max(300).optional() }).optional(),
  /** Who the action acts on, in words: "the billing system". */
  system: z.string().trim().min(1).max(60).optional(),
};

/** What an ActionDefinition keeps of them. */
export interface ActionTemplates {
  /** The one line a checker reads first, e.g. "waive {amount} on {invoice_id}". */
  readonly summary?: string;
  /** The sentence for a run that is done, e.g. "Credit note {result.credit_note} issued". */
  readonly outcome?: { readonly done?: string };
  /**
   * Who the action acts on, for sentences like "The billing system refused it": the declared
   * `system`, else for a webhook "the webhook (billing.example.com)".
   */
  readonly system?: string;
}

export function templatesOf(parsed: {
  summary?: string | undefined;
  outcome?: { done?: string | undefined } | undefined;
  system?: string | undefined;
}): ActionTemplates {
  const done = parsed.outcome?.done;
  return {
    ...(parsed.summary !== undefined ? { summary: parsed.summary } : {}),
    ...(done !== undefined ? { outcome: { done } } : {}),
    ...(parsed.system !== undefined ? { system: parsed.system } : {}),
  };
}

/** "the webhook (billing.example.com)": a webhook action's system when it names none. */
export function webhookSystem(url: string): string {
  try {
    return `the webhook (${new URL(url).host})`;
  } catch {
    return "the webhook";
  }
}

function problems(template: string, params: readonly string[], results: boolean): string[] {
  const declared = params.length > 0 ? `its params are ${params.join(", ")}` : "it has no params";
  const found: string[] = [];
  for (const name of placeholders(template)) {
    if (results && RESULT_PATH.test(name)) continue;
    if (PARAM.test(name) && params.includes(name)) continue;
    const also = results ? " nor result.<field>" : "";
    found.push(`{${name}} is not a param of this action${also} (${declared})`);
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) {
    found.push("has a { or } without its pair");
  }
  return found;
}

/** Every placeholder of `summary` must be a declared param; of `outcome.done`, also result.… */
export const templatesMatchParams = z.superRefine<{
  params: { name: string }[];
  summary?: string | undefined;
  outcome?: { done?: string | undefined } | undefined;
}>(
  ({ params, summary, outcome }, ctx) => {
    const names = (params ?? []).map((spec) => spec.name);
    const report = (path: string[], template: string | undefined, results: boolean) => {
      if (typeof template !== "string") return;
      for (const message of problems(template, names, results)) {
        ctx.addIssue({ code: "custom", path: [...path], message });
      }
    };
    report(["summary"], summary, false);
    report(["outcome", "done"], outcome?.done, true);
    // Only once the rest of the action is valid: its params must be known to be checked against.
  },
  { when: (payload) => payload.issues.length === 0 },
);
