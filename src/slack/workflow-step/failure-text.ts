import type { Refusal } from "../../core/result.ts";
import type { StepRequestInput } from "../../requests/request-service.ts";

/** How the step's inputs are named where a refusal names a form field. */
const INPUT_OF_FIELD: Readonly<Record<string, string>> = {
  checkers: "checker",
  environment: "environment",
  team: "team",
  purpose: "purpose",
};

/**
 * Why the step failed, for the workflow's author, who reads it in the workflow's activity: which
 * input is wrong and what the rule is. Slack shows it as plain text, so people are named by id.
 */
export function stepFailureText(refusal: Refusal, input: StepRequestInput): string {
  const text = describe(refusal, input);
  return `Four Eyes did not file the request: ${plain(text)}`;
}

function describe(refusal: Refusal, input: StepRequestInput): string {
  switch (refusal.code) {
    case "REQUEST.SELF_APPROVAL":
      return `checker ${input.checkerId} is the maker: a request cannot be approved by its own maker.`;
    case "REQUEST.INVALID":
      return fieldsText(refusal.fields ?? {}, input) || refusal.message;
    case "ACTION.UNKNOWN":
      return `action "${input.actionId}" is not an action of this bot. ${refusal.message}`;
    default:
      return refusal.message;
  }
}

function fieldsText(fields: Readonly<Record<string, string>>, input: StepRequestInput): string {
  const problems = Object.entries(fields).map(([field, message]) => {
    if (field === "checkers" && input.checkerId === null) {
      return `checker is empty and action "${input.actionId}" designates no checkers here: set the checker input (${message})`;
    }
    const name = INPUT_OF_FIELD[field] ?? `params.${field}`;
    return `${name}: ${message}`;
  });
  return problems.join(" ");
}

/** Slack markup for people and groups as their plain ids. */
function plain(text: string): string {
  return text.replace(/<@([UW][A-Z0-9]+)>/g, "$1").replace(/<!subteam\^(S[A-Z0-9]+)[^>]*>/g, "$1");
}
