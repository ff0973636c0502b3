import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { screenText } from "../../scripts/screens/block-text.ts";
import { SCREEN_GROUPS } from "../../scripts/screens/catalog.ts";
import { NAMES } from "../../scripts/screens/fixtures.ts";
import { SCREENS_FILE, SCREENS_PATH, screensMarkdown } from "../../scripts/screens/generate.ts";
import { validateMessage, validateView } from "../support/slack/block-kit-rules.ts";

const entries = SCREEN_GROUPS.flatMap((group) =>
  group.screens.map((screen) => ({ name: `${group.title}: ${screen.title}`, screen })),
);

/** Where two texts first differ, as "line N: expected … / found …". */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split("\n");
  const have = actual.split("\n");
  const at = want.findIndex((line, i) => line !== have[i]);
  const line = at < 0 ? want.length : at;
  return `line ${line + 1}:\n  generated: ${want[line] ?? "(end of file)"}\n  in the file: ${have[line] ?? "(end of file)"}`;
}

describe("docs/screens.md", () => {
  it("is what `npm run screens` draws from the views now", () => {
    const expected = screensMarkdown();
    const actual = readFileSync(SCREENS_PATH, "utf8");
    if (actual !== expected) {
      expect.fail(
        `${SCREENS_FILE} is out of date: run npm run screens (and review the change). First difference at ${firstDifference(expected, actual)}`,
      );
    }
  });

  it("comes out the same on every run: no clock or random number leaks in", () => {
    expect(screensMarkdown()).toBe(screensMarkdown());
  });

  it("shows no Slack token raw: mentions and dates only where Slack draws them", () => {
    for (const { name, screen } of entries) {
      const text = screenText(screen.render(), NAMES);
      expect(text, name).not.toMatch(/<[@#!][^>]*>/);
    }
  });

  it("draws only screens Slack accepts", () => {
    for (const { name, screen } of entries) {
      const drawn = screen.render();
      const problems =
        drawn.kind === "view"
          ? validateView(drawn.view)
          : validateMessage({ text: drawn.text, blocks: drawn.blocks });
      expect(problems, name).toEqual([]);
    }
  });

  it("names each screen once", () => {
    const groups = SCREEN_GROUPS.map((group) => group.title);
    expect(new Set(groups).size).toBe(groups.length);
    for (const group of SCREEN_GROUPS) {
      const titles = group.screens.map((screen) => screen.title);
      expect(new Set(titles).size, group.title).toBe(titles.length);
    }
  });
});
