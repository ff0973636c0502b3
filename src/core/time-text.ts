/** A moment as people read it in a message: "2026-01-05 14:02 UTC". */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A length of time as people say it, rounded to what matters: "less than a minute", "55 min",
 * "2 h 10 min", "3 h", "2 days". Negative lengths read as zero.
 */
export function formatWait(ms: number): string {
  const length = Math.max(0, ms);
  if (length < MINUTE) return "less than a minute";
  if (length < HOUR) return `${Math.round(length / MINUTE)} min`;
  if (length < 10 * HOUR) {
    const hours = Math.floor(length / HOUR);
    const minutes = Math.round((length - hours * HOUR) / MINUTE);
    if (minutes === 60) return `${hours + 1} h`;
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  if (length < 2 * DAY) return `${Math.round(length / HOUR)} h`;
  return `${Math.round(length / DAY)} days`;
}

/** "in 55 min" for a moment ahead of `now`, "5 min ago" for one behind it. */
export function relativeTime(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  return ms >= 0 ? `in ${formatWait(ms)}` : `${formatWait(-ms)} ago`;
}
