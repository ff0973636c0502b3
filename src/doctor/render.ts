import { type CheckResult, type CheckStatus, count } from "./check-result.ts";

const MARK: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗" };

/**
 * The checklist as printed: one line per check, what is wrong indented under it, then the fix,
 * and a last line that sums up.
 */
export function renderReport(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${MARK[result.status]} ${result.title}`);
    for (const line of result.detail?.split("\n") ?? []) lines.push(`    ${line}`);
    if (result.fix) lines.push(`  Fix: ${result.fix}`);
  }
  lines.push("", summary(results));
  return `${lines.join("\n")}\n`;
}

function summary(results: readonly CheckResult[]): string {
  const problems = results.filter((result) => result.status === "fail").length;
  const warnings = results.filter((result) => result.status === "warn").length;
  if (problems === 0 && warnings === 0) return "Everything checked is in order.";
  const parts = [
    ...(problems > 0 ? [count(problems, "problem")] : []),
    ...(warnings > 0 ? [count(warnings, "warning")] : []),
  ];
  const verdict =
    problems > 0 ? "fix the problems (✗) before starting the bot" : "the bot can start";
  return `${parts.join(" and ")}: ${verdict}.`;
}

/** 1 when anything failed; warnings alone leave a set-up that works. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === "fail") ? 1 : 0;
}
