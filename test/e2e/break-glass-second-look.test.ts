import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { openRequestForm } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const flushCache = (webhookUrl: string) => `  - id: flush-cache
    title: Flush cache
    environments: [production]
    break_glass: true
    params:
      - { name: cache, label: Cache, type: text, required: true }
    executor: { type: webhook, url: ${webhookUrl}/caches, secret_env: WAIVER_SECRET }
`;

describe("break glass when the maker alone chooses the reviewers (no allow-list, no AUDIT_CHANNEL)", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ extraActions: flushCache });
  });
  afterAll(() => e2e?.close());

  const answers = (checkers: string[]) => ({
    [BLOCK.environment]: "production",
    [BLOCK.team]: "Web",
    [paramBlockId("cache")]: "pages",
    [BLOCK.purpose]: "Stale prices shown to customers",
    [BLOCK.checkers]: checkers,
    [BLOCK.breakGlass]: true,
    [BLOCK.breakGlassReason]: "Wrong prices live",
  });
  const latest = (user: string, number: number) =>
    e2e.standIn.dmWith(user).findLast((m) => m.text.includes(`#${number}`)) ?? {};

  it("needs two reviewers, and settles only when the second one has looked", async () => {
    const form = await openRequestForm(e2e, USERS.maker, "flush-cache");
    const one = await e2e.driver.submit(USERS.maker, form, answers([USERS.checker]));
    expect(one.outcome).toEqual({
      action: "errors",
      errors: {
        [BLOCK.checkers]:
          'Name two reviewers: "Flush cache" has no designated checkers and no audit channel sees it, so two people must review it afterwards.',
      },
    });
    expect(e2e.webhook.received).toHaveLength(0);

    const two = await e2e.driver.submit(
      USERS.maker,
      form,
      answers([USERS.checker, USERS.checker2]),
    );
    expect(two.outcome).toEqual({ action: "close" });
    const card = await e2e.dm(USERS.maker, /You broke the glass/);
    expect(messageText(card)).toContain("review it afterwards (two of them must)");
    const number = Number(/#(\d+)/.exec(card.text)?.[1]);
    const alert = await e2e.dm(USERS.checker, new RegExp(`Break glass[\\s\\S]*#${number}`));
    expect(messageText(alert)).toContain("Waiting for two reviews");

    await e2e.driver.click(USERS.checker, { actionId: ACTION.acknowledge, messageTs: alert.ts });
    await until(async () =>
      /waiting for a second look/.test(messageText(latest(USERS.checker2, number))),
    );
    const pending = latest(USERS.checker2, number);
    expect(messageText(pending)).toContain(`Acknowledged by <@${USERS.checker}>`);
    // The second reviewer still has the buttons; the first is told to leave it to them.
    expect(JSON.stringify((pending as { blocks?: unknown }).blocks)).toContain(ACTION.acknowledge);
    expect(await e2e.bot.engine.requests.findByNumber(number)).toMatchObject({
      reviewVerdict: null,
      reviewedBy: USERS.checker,
      reviewsRequired: 2,
    });
    await e2e.driver.click(USERS.checker, { actionId: ACTION.acknowledge, messageTs: alert.ts });
    const told = await e2e.standIn.waitForResponse((r) => r.userId === USERS.checker);
    expect(String(told.body.text)).toBe(
      `You already acknowledged #${number}; it needs a second look by another reviewer: <@${USERS.checker2}>.`,
    );

    const second = e2e.standIn.dmWith(USERS.checker2).find((m) => m.text.includes(`#${number}`));
    await e2e.driver.click(USERS.checker2, { actionId: ACTION.acknowledge, messageTs: second?.ts });
    const makerCard = () =>
      e2e.standIn.dmWith(USERS.maker).find((m) => messageText(m).includes("You broke the glass"));
    await until(async () =>
      messageText(makerCard() ?? {}).includes(`Acknowledged by <@${USERS.checker2}>`),
    );
    // Settled: every copy loses its buttons.
    await until(
      async () =>
        !JSON.stringify((latest(USERS.checker, number) as { blocks?: unknown }).blocks).includes(
          ACTION.acknowledge,
        ),
    );
    expect(await e2e.bot.engine.requests.findByNumber(number)).toMatchObject({
      reviewVerdict: "ACKNOWLEDGED",
      reviewedBy: USERS.checker2,
    });
  });
});
