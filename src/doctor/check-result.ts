/**
 * What one check found, for a person to read: `title` is the checklist line, `detail` the lines
 * under it (a list of problems), `fix` what to do. Nothing here may hold a secret.
 */
export type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  readonly status: CheckStatus;
  readonly title: string;
  readonly detail?: string;
  readonly fix?: string;
}

type Extra = Pick<CheckResult, "detail" | "fix">;

export function passed(title: string, extra: Extra = {}): CheckResult {
  return { status: "ok", title, ...extra };
}

export function warning(title: string, extra: Extra = {}): CheckResult {
  return { status: "warn", title, ...extra };
}

export function failed(title: string, extra: Extra = {}): CheckResult {
  return { status: "fail", title, ...extra };
}

/** "1 migration", "5 migrations". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
