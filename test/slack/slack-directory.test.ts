import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { silentBoltLogger } from "../../src/slack/bolt-logger.ts";
import { SlackDirectory } from "../../src/slack/slack-directory.ts";
import { type SlackStandIn, startSlackStandIn } from "../support/slack/stand-in.ts";

let standIn: SlackStandIn;
let directory: SlackDirectory;

beforeEach(async () => {
  standIn = await startSlackStandIn();
  standIn.addUser({ id: "U0DANA", name: "dana.lee", realName: "Dana Lee" });
  standIn.addUser({ id: "U0HANDLE", name: "checker.0006" });
  standIn.addUserGroup("S0SRE", ["U0DANA"], "sre");
  const client = new WebClient("xoxb-test", {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentBoltLogger,
  });
  directory = new SlackDirectory(client, new ManualClock());
});

afterEach(async () => {
  await standIn.close();
});

describe("SlackDirectory names, for plain text", () => {
  it("names a person by their real name rather than their handle", async () => {
    expect(await directory.nameOf("U0DANA")).toBe("Dana Lee");
    expect(await directory.nameOf("U0HANDLE")).toBe("checker.0006");
  });

  it("names a group by its @handle, and nobody it cannot find", async () => {
    expect(await directory.nameOf("S0SRE")).toBe("@sre");
    expect(await directory.nameOf("U0NOBODY")).toBeNull();
  });
});
