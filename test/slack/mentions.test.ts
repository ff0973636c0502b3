import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import {
  describePrincipals,
  isSlackGroup,
  slackMention,
  slackNaming,
} from "../../src/slack/mentions.ts";
import { SlackDirectory } from "../../src/slack/slack-directory.ts";

describe("Slack mentions", () => {
  it("render users and user groups as Slack mrkdwn", () => {
    expect(slackMention("U0LEAD")).toBe("<@U0LEAD>");
    expect(slackMention("S0SRE")).toBe("<!subteam^S0SRE>");
    expect(isSlackGroup("S0SRE")).toBe(true);
    expect(isSlackGroup("U0LEAD")).toBe(false);
    expect(describePrincipals(["S0SRE", "U0LEAD"])).toBe("<!subteam^S0SRE> or <@U0LEAD>");
    expect(describePrincipals([])).toBe("anyone");
  });

  it("are how the Slack directory names people for the core", () => {
    const directory = new SlackDirectory({} as WebClient, new ManualClock());
    expect(directory.mention("U0LEAD")).toBe("<@U0LEAD>");
    expect(directory.mention("S0SRE")).toBe("<!subteam^S0SRE>");
    expect(directory.isGroup("S0SRE")).toBe(true);
    expect(directory.isGroup("C0CHAN")).toBe(false);
  });

  it("are not what a static directory uses unless told", () => {
    const neutral = staticDirectory({ S0SRE: ["U0LEAD"] });
    expect(neutral.mention("U0LEAD")).toBe("@U0LEAD");
    expect(neutral.isGroup("S0SRE")).toBe(true);
    expect(neutral.isGroup("S0OTHER")).toBe(false);
    const slacky = staticDirectory({}, {}, slackNaming);
    expect(slacky.mention("S0SRE")).toBe("<!subteam^S0SRE>");
    expect(slacky.isGroup("S0OTHER")).toBe(true);
  });
});
