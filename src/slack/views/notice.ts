import type { KnownBlock } from "@slack/types";
import { oneLine, SLACK, section, truncate, truncateEscaped } from "./blocks.ts";

/** A one-off message: posted (not edited) so the recipient gets a notification. */
export interface Notice {
  text: string;
  blocks: KnownBlock[];
}

/** Room for a reason, result or error in a notice itself (the notification text is shorter). */
export const NOTICE_DETAIL = 2500;

/**
 * A notice of one line (escaped mrkdwn) and its detail, "line: detail", then `after` (a footnote,
 * buttons); its notification text is the same, the detail cut short.
 */
export function lineNotice(
  line: string,
  detail: string,
  after: readonly KnownBlock[] = [],
): Notice {
  const blocks: KnownBlock[] = [section(detail ? `${line}: ${detail}` : line), ...after];
  const short = detail ? `${line}: ${truncateEscaped(oneLine(detail), 200)}` : line;
  return { text: truncate(short, SLACK.fallbackText), blocks };
}
