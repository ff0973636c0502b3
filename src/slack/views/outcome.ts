import type { KnownBlock } from "@slack/types";
import { failureHeadline } from "../../requests/redact-request.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { describeValue, oneLine, SLACK, safe, section, truncateEscaped } from "./blocks.ts";
import { codeText } from "./user-text.ts";

/**
 * The executor's result (FINISHED) or error (FAILED) as a section; none otherwise. Shows them as
 * stored: for anyone but the maker and the checkers, pass the request through redactRequest.
 */
export function renderOutcome(request: RequestRecord): KnownBlock[] {
  if (request.status === "FINISHED" && request.result !== null) {
    return [codeSection("*Result*", describeValue(request.result))];
  }
  if (request.status === "FAILED") {
    return [codeSection("*Error*", request.error ?? "No error message was given.")];
  }
  return [];
}

function codeSection(label: string, text: string): KnownBlock {
  const frame = `${label}\n\`\`\`\`\`\``;
  const code = truncateEscaped(codeText(text), SLACK.sectionText - frame.length);
  return section(`${label}\n\`\`\`${code}\`\`\``);
}

/**
 * For posts read beyond the maker and the checkers: a failure's headline ("Webhook answered 500
 * Internal Server Error"), never the body that followed it; a result is not shown at all (the
 * status line says it finished). Redact the request first, as for renderOutcome.
 */
export function renderOutcomeHeadline(request: RequestRecord): KnownBlock[] {
  if (request.status !== "FAILED") return [];
  return [section(`*Error*\n${safe(failureHeadline(request.error), 500)}`)];
}

/** One line of the result or error, for notices (redact it first, as for renderOutcome). */
export function outcomeSummary(request: RequestRecord, max: number): string {
  const text =
    request.status === "FAILED"
      ? (request.error ?? "no error message was given")
      : request.result === null
        ? ""
        : describeValue(request.result);
  return safe(oneLine(text), max);
}
