import { describe, expect, it } from "vitest";
import { environmentLabel } from "../../src/factory/environment-label.ts";
import { patternWords } from "../../src/factory/pattern-words.ts";

describe("patternWords", () => {
  it.each<[string, string, string | null]>([
    ["^in_[A-Za-z0-9]+$", "Starts with in_, then letters and digits", "in_1A2b3C"],
    ["^in_[0-9]+$", "Starts with in_, then digits", "in_1234"],
    ["^in_\\d+", "Starts with in_, then digits", "in_1234"],
    ["^\\d{4}$", "4 digits", "1234"],
    ["^[A-Z]{2}\\d{6,8}$", "2 capital letters, then 6 to 8 digits", "AB123456"],
    ["^[0-9a-f]{32}$", "32 digits or letters a–f", "1a2b3c4d5e6f7a8b9c1d2e3f4a5b6c7d"],
    ["^[a-z0-9-]+$", "Lowercase letters, digits and -", "1a2b3c"],
    ["^[A-Z]?\\d{3}$", "Optionally one capital letter, then 3 digits", "A123"],
    ["^\\d+-\\d+$", 'Digits, then "-", then digits', "1234-1234"],
    ["\\d+$", "Ends with digits", "1234"],
    ["^GB$", "Exactly GB", null],
    ["^in_", "Starts with in_", null],
    ["in_", "Contains in_", null],
  ])("%s → %s", (pattern, hint, example) => {
    const words = patternWords(pattern);
    expect(words?.hint).toBe(hint);
    expect(words?.example ?? null).toBe(example);
    if (example) expect(new RegExp(pattern).test(example)).toBe(true);
  });

  it("completes a sentence about the field", () => {
    expect(patternWords("^in_[A-Za-z0-9]+$")?.rule).toBe("start with in_, then letters and digits");
    expect(patternWords("^\\d{4}$")?.rule).toBe("be 4 digits");
  });

  it.each([
    "^(EU|US)-\\d+$",
    "^[^a]+$",
    "^ab?c$",
    "^\\s+$",
    "^\\d+?$",
    "^(?=x)",
    "^[a-z]+\\b",
    "a|b",
    "^[z-a]$",
  ])("gives up on %s rather than say something wrong", (pattern) => {
    expect(patternWords(pattern)).toBeNull();
  });
});

describe("environmentLabel", () => {
  it("is the action's label, else the id title-cased", () => {
    const rules = { production: { label: "Production (live customers)" } };
    expect(environmentLabel({ rules }, "production")).toBe("Production (live customers)");
    expect(environmentLabel({ rules }, "staging")).toBe("Staging");
    expect(environmentLabel({ rules: {} }, "eu-west_2")).toBe("Eu west 2");
    expect(environmentLabel(undefined, "production")).toBe("Production");
  });
});
