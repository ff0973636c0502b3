import { describe, expect, it } from "vitest";
import { slackTime } from "../../../src/slack/views/time-token.ts";

describe("slackTime", () => {
  it("gives each reader their own zone, with the UTC text as fallback", () => {
    expect(slackTime(new Date("2026-12-03T22:20:31Z"))).toBe(
      "<!date^1796336431^{date_short_pretty} at {time}|2026-12-03 22:20 UTC>",
    );
  });
});
