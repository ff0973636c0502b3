import type { KnownBlock } from "@slack/types";
import type { RequestRecord } from "../../requests/types.ts";
import { describeValue, oneLine, SLACK, safe, section, truncateEscaped } from "./blocks.ts";
import { codeText } from "./user-text.ts";

/**
 * The executor's raw result (FINISHED) or error (FAILED) as a section; none otherwise: for
 * Details only (the cards say what happened in a sentence, see outcome-sentence.ts). Shows them
 * as stored: for anyone but the maker and the checkers, pass the request through redactRequest.
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
