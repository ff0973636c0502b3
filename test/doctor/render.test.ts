import { describe, expect, it } from "vitest";
import { failed, passed, warning } from "../../src/doctor/check-result.ts";
import { exitCodeOf, renderReport } from "../../src/doctor/render.ts";

describe("renderReport", () => {
  it("prints one line per check, details indented, then the fix, then a summary", () => {
    const results = [
      passed("Database: PostgreSQL at postgres://u:****@db/x, 5 migrations applied"),
      failed("Actions: ACTIONS_FILE a.yml is invalid (2 problems)", {
        detail: "a.yml:3: first\na.yml:9: second",
        fix: "Correct a.yml.",
      }),
      warning("Audit key: not set", { fix: "Set AUDIT_KEY." }),
    ];
    expect(renderReport(results)).toBe(
      [
        "✓ Database: PostgreSQL at postgres://u:****@db/x, 5 migrations applied",
        "✗ Actions: ACTIONS_FILE a.yml is invalid (2 problems)",
        "    a.yml:3: first",
        "    a.yml:9: second",
        "  Fix: Correct a.yml.",
        "! Audit key: not set",
        "  Fix: Set AUDIT_KEY.",
        "",
        "1 problem and 1 warning: fix the problems (✗) before starting the bot.",
        "",
      ].join("\n"),
    );
    expect(exitCodeOf(results)).toBe(1);
  });

  it("exits 0 when nothing failed, warnings or not", () => {
    expect(renderReport([passed("A")])).toBe("✓ A\n\nEverything checked is in order.\n");
    const warned = [passed("A"), warning("B"), warning("C")];
    expect(renderReport(warned)).toMatch(/\n2 warnings: the bot can start\.\n$/);
    expect(exitCodeOf(warned)).toBe(0);
  });
});
