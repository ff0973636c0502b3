import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboxStore } from "../../src/outbox/outbox-store.ts";
import { fileRequest } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS } from "./harness.ts";

describe("messages survive Slack's rate limits", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  const failedPosts = () =>
    e2e.standIn.callsTo("chat.postMessage").filter((call) => call.failed === "ratelimited");

  it("Slack answers ratelimited twice, then the DMs arrive", async () => {
    e2e.standIn.failNext("chat.postMessage", { times: 2, retryAfterSeconds: 1 });
    const number = await fileRequest(e2e);
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    expect(failedPosts()).toHaveLength(2);
    const counts = await new OutboxStore(e2e.bot.engine.database.prisma).counts();
    expect(counts.DEAD).toBe(0);
  });

  it("a checker's DM failing again and again: the request stays pending, the maker is told", async () => {
    const before = failedPosts().length;
    e2e.standIn.failNext("chat.postMessage", { times: 4, retryAfterSeconds: 1 });
    const number = await fileRequest(e2e);
    const notice = await e2e.dm(USERS.maker, /did not accept the message to the checker/);
    expect(messageText(notice)).toContain(`#${number}`);
    expect(notice.thread_ts).toBeDefined();
    await e2e.dm(USERS.checker, new RegExp(`#${number}`));
    expect(failedPosts().length - before).toBe(4);
    expect((await e2e.bot.engine.requests.findByNumber(number))?.status).toBe("PENDING");
  });
});
