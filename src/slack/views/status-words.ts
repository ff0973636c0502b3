import type { RequestStatus } from "../../requests/status.ts";
import { statusWord } from "../../requests/status-labels.ts";

/**
 * One emoji per status, the same on every screen. ✅ only for done (approved is not final: it
 * still has to run), no party emoji: this is a compliance tool.
 */
export const STATUS_EMOJI: Record<RequestStatus, string> = {
  PENDING: ":hourglass_flowing_sand:",
  APPROVED: ":thumbsup:",
  EXECUTING: ":gear:",
  FINISHED: ":white_check_mark:",
  FAILED: ":x:",
  DECLINED: ":no_entry:",
  CANCELLED: ":wastebasket:",
  EXPIRED: ":alarm_clock:",
};

/** ":gear: Running": emoji and word, for notification texts and lists. */
export function statusBadge(status: RequestStatus): string {
  return `${STATUS_EMOJI[status]} ${statusWord(status)}`;
}
