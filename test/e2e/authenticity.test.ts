import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { fileRequest } from "./flows.ts";
import { type E2E, startE2E, USERS } from "./harness.ts";

describe("only Slack's own, fresh requests are heard", () => {
  let e2e: E2E;
  let number: number;
  let approve: { channel: string; messageTs: string };
  beforeAll(async () => {
    e2e = await startE2E();
    number = await fileRequest(e2e);
    const dm = await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    approve = { channel: dm.channel, messageTs: dm.ts };
  });
  afterAll(() => e2e?.close());

  const now = () => Math.floor(Date.now() / 1000);
  const click = (options: { timestamp?: number; signature?: string }) =>
    e2e.driver.click(USERS.checker, { actionId: ACTION.approve, ...approve }, options);

  async function expectUnchanged() {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await e2e.bot.engine.requests.findByNumber(number))?.status).toBe("PENDING");
    expect(e2e.webhook.received).toEqual([]);
  }

  it("a bad signature: 401, nothing changes", async () => {
    const response = await click({ signature: `v0=${"0".repeat(64)}` });
    expect(response.status).toBe(401);
    await expectUnchanged();
  });

  it("a correctly signed request from 6 minutes ago (a replay): 401, nothing changes", async () => {
    const response = await click({ timestamp: now() - 6 * 60 });
    expect(response.status).toBe(401);
    await expectUnchanged();
  });

  it("a correctly signed request dated 6 minutes ahead: 401 too, nothing changes", async () => {
    const response = await click({ timestamp: now() + 6 * 60 });
    expect(response.status).toBe(401);
    expect(response.body).toContain("future");
    await expectUnchanged();
  });

  it("Slack's retry of an event is answered but not acted on twice", async () => {
    const first = await e2e.driver.appHomeOpened(USERS.maker, { eventId: "Ev0HOME001" });
    const retry = await e2e.driver.appHomeOpened(USERS.maker, {
      eventId: "Ev0HOME001",
      retryNum: 1,
      retryReason: "http_timeout",
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await e2e.standIn.waitForCall("views.publish");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(e2e.standIn.callsTo("views.publish")).toHaveLength(1);
    expect(e2e.standIn.homeOf(USERS.maker)).toBeDefined();
  });

  it("GET /healthz answers 200 once the bot is ready", async () => {
    const response = await fetch(`http://127.0.0.1:${e2e.bot.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });
});
