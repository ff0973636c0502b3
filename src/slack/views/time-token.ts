import { formatTime } from "../../core/time-text.ts";

/**
 * A moment in Slack's date token, so each reader sees it in their own time zone ("Today at 14:02",
 * "Dec 3rd at 09:15"); clients that cannot render it show the UTC text. Only for mrkdwn: plain
 * text, headers and notification texts show the token raw.
 */
export function slackTime(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${formatTime(at)}>`;
}
