import type { KnownBlock } from "@slack/types";
import { failureHeadline } from "../../requests/redact-request.ts";
import type { RequestRecord } from "../../requests/types.ts";
import { context, describeValue, SLACK, safe, section, truncateEscaped } from "./blocks.ts";
import { codeText } from "./user-text.ts";

function codeSection(label: string, text: string): KnownBlock {
  const frame = `${label}\n\`\`\`\`\`\``;
  const code = truncateEscaped(codeText(text), SLACK.sectionText - frame.length);
  return section(`${label}\n\`\`\`${code}\`\`\``);
}

/**
 * What the system that ran the request answered, as it was stored: the result of a done request,
 * the error of a failed one. Only the maker and the checkers see it whole (`reveal`); anyone else
 * gets a failure's headline ("Webhook answered 500 Internal Server Error"), never a body. Pass
 * the request through redactStory first for anyone but the maker and the checkers.
 */
export function storyOutcome(request: RequestRecord, reveal: boolean): KnownBlock[] {
  if (request.status === "FINISHED" && request.result !== null) {
    if (!reveal)
      return [
        context(":lock: What the system answered is shown to the maker and the checkers only."),
      ];
    return [codeSection("*What the system answered*", describeValue(request.result))];
  }
  if (request.status !== "FAILED") return [];
  if (!reveal) {
    return [
      section(`*Error*\n${safe(failureHeadline(request.error), 500)}`),
      context(":lock: The system's full answer is shown to the maker and the checkers only."),
    ];
  }
  return [codeSection("*Error*", request.error ?? "No error message was given.")];
}
