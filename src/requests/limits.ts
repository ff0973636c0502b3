import { formatTime, formatWait } from "../core/time-text.ts";
import type { FiledRecently, RequestStore } from "./store.ts";

/** At most `count` in any `windowMs`. */
export interface Rate {
  readonly count: number;
  readonly windowMs: number;
}

/** The limits that keep one person from hurting everyone (MAX_CHECKERS, *_RATE_LIMIT). */
export interface RequestLimits {
  /** Checkers a maker may name on one request; more when an action needs more approvals. */
  readonly maxCheckers: number;
  /** New requests per maker, counted from the requests table (so across replicas). */
  readonly requestRate: Rate;
  /** Clicks and form submissions per person, counted by each process. */
  readonly clickRate: Rate;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxCheckers: 10,
  requestRate: { count: 20, windowMs: 10 * 60_000 },
  clickRate: { count: 30, windowMs: 10_000 },
};

/** The most checkers a maker may name under `rule`: MAX_CHECKERS, or its approvals if more. */
export function checkerCap(limits: Pick<RequestLimits, "maxCheckers">, approvals: number): number {
  return Math.max(limits.maxCheckers, approvals);
}

/** The field error for a maker who named more checkers (or reviewers) than `cap`; else null. */
export function tooManyCheckers(named: number, cap: number, breakGlass: boolean): string | null {
  if (named <= cap) return null;
  const who = breakGlass ? "reviewers" : "checkers";
  return `Choose at most ${cap} ${who} (you chose ${named}).`;
}

/**
 * Why a maker may not file another request now, or null when they may: they filed `rate.count`
 * or more in the last `rate.windowMs`, with how long to wait from `now`. The time given is when the oldest of those that matter
 * leaves the window, rounded up to the minute, so trying then always works.
 */
export function rateLimitMessage(filed: FiledRecently, rate: Rate, now: Date): string | null {
  if (filed.count < rate.count) return null;
  const leaving = filed.newest[rate.count - 1];
  if (!leaving) return null;
  const retryAt = Math.ceil((leaving.getTime() + rate.windowMs) / 60_000) * 60_000;
  const wait = formatWait(retryAt - now.getTime());
  const when = formatTime(new Date(retryAt));
  return `You have filed ${filed.count} requests in the last ${describeWindow(rate.windowMs)}; try again in ${wait} (at ${when}).`;
}

/** Why `makerId` may not file another request at `now` under `rate`; null when they may. */
export async function rateLimited(
  store: Pick<RequestStore, "filedSince">,
  makerId: string,
  now: Date,
  rate: Rate,
): Promise<string | null> {
  const since = new Date(now.getTime() - rate.windowMs);
  return rateLimitMessage(await store.filedSince(makerId, since, rate.count), rate, now);
}

/** 600000 → "10 minutes", 3600000 → "hour", 90000 → "90 seconds". */
export function describeWindow(ms: number): string {
  const [amount, unit] =
    ms % 3_600_000 === 0
      ? [ms / 3_600_000, "hour"]
      : ms % 60_000 === 0
        ? [ms / 60_000, "minute"]
        : [Math.ceil(ms / 1000), "second"];
  return amount === 1 ? unit : `${amount} ${unit}s`;
}
