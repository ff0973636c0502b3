import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentBoltLogger } from "../../../../src/slack/bolt-logger.ts";
import { confirmRequest } from "../../../../src/slack/listeners/views/confirm-request.ts";
import { pendingRequest } from "../../../support/request-record.ts";
import { validateBlocks } from "../../../support/slack/block-kit-rules.ts";
import { type SlackStandIn, startSlackStandIn } from "../../../support/slack/stand-in.ts";
import { fakeSlackDeps } from "../../../support/slack-deps.ts";

let standIn: SlackStandIn;
let client: WebClient;
const deps = fakeSlackDeps();
const request = pendingRequest({
  number: 12,
  actionId: "waive-invoice",
  makerId: "U0MAKER",
  checkerIds: ["U0CHECK"],
});

beforeEach(async () => {
  standIn = await startSlackStandIn();
  standIn.addUser({ id: "U0MAKER", name: "maker", realName: "Mia Maker" });
  standIn.addUser({ id: "U0CHECK", name: "checker", realName: "Dana Lee" });
  standIn.addChannel("C0GENERAL1", "general");
  client = new WebClient("xoxb-test", {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentBoltLogger,
  });
});

afterEach(async () => {
  await standIn.close();
});

const SENT = "*#12 Waive invoice* is waiting for <@U0CHECK> to approve it.";

describe("the confirmation after the form is sent", () => {
  it("is shown only to the maker, in the channel where /request was typed", async () => {
    expect(await confirmRequest(deps, client, request, "C0GENERAL1")).toBe("channel");
    const [shown] = standIn.ephemeralsFor("U0MAKER");
    expect(shown).toMatchObject({ channel: "C0GENERAL1", via: "chat.postEphemeral" });
    expect(shown?.text).toContain(SENT);
    expect(validateBlocks(shown?.blocks, "message")).toEqual([]);
    expect(standIn.dmWith("U0MAKER")).toEqual([]);
  });

  it.each(["not_in_channel", "channel_not_found"])(
    "goes to the maker's DM when Slack answers %s",
    async (error) => {
      standIn.failNext("chat.postEphemeral", { error });
      expect(await confirmRequest(deps, client, request, "C0GENERAL1")).toBe("dm");
      expect(standIn.ephemeralsFor("U0MAKER")).toEqual([]);
      expect(standIn.lastDmTo("U0MAKER")?.text).toContain(SENT);
    },
  );

  it("goes to the DM when the form had no channel (opened from Home or a shortcut)", async () => {
    expect(await confirmRequest(deps, client, request, undefined)).toBe("dm");
    expect(standIn.lastDmTo("U0MAKER")?.text).toContain(SENT);
  });

  it("says so when it cannot be sent anywhere, without throwing", async () => {
    standIn.failNext("chat.postEphemeral", { error: "not_in_channel" });
    standIn.failNext("chat.postMessage", { error: "fatal_error" });
    expect(await confirmRequest(deps, client, request, "C0GENERAL1")).toBe("nowhere");
  });
});
