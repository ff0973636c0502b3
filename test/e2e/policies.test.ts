import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, BLOCK, INPUT, paramBlockId } from "../../src/slack/ids.ts";
import { clickOn, fileRequest, openRequestForm } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const restartService = (webhookUrl: string) => `  - id: restart-service
    title: Restart service
    environments: [production, staging]
    makers: [S0MAKERS]
    rules:
      production: { approvals: 2, checkers: [S0SRE], expire_after: 1h, warning: "Live customer traffic" }
      staging: { approvals: 1 }
    params:
      - { name: service, label: Service, type: text, required: true, warning: "Restarts drop open connections" }
    executor: { type: webhook, url: ${webhookUrl}/restarts, secret_env: WAIVER_SECRET }
`;

const answers = (environment: string, checkers: string | string[]) => ({
  [BLOCK.environment]: environment,
  [BLOCK.team]: "Payments",
  [paramBlockId("service")]: "ledger-api",
  [BLOCK.checkers]: checkers,
  [BLOCK.purpose]: "Memory leak since the deploy",
});

describe("who may request and check, and rules per environment", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ extraActions: restartService });
    e2e.standIn.addUserGroup("S0MAKERS", [USERS.maker], "ops");
    e2e.standIn.addUserGroup("S0SRE", [USERS.checker, USERS.checker2], "sre");
  });
  afterAll(() => e2e?.close());

  it("someone outside the makers neither sees the action nor may ask for it, and is told who may", async () => {
    const asked = await e2e.driver.command(USERS.stranger, "restart-service");
    const reply = await e2e.standIn.waitForResponse((r) => r.userId === USERS.stranger);
    expect(asked.status).toBe(200);
    expect(String(reply.body.text)).toBe(
      'You are not allowed to request "Restart service": only <!subteam^S0MAKERS> may. `/request help` lists what you can request.',
    );
    const form = await openRequestForm(e2e, USERS.stranger, "");
    expect(JSON.stringify(form.blocks)).not.toContain("restart-service");
    expect(JSON.stringify(form.blocks)).toContain("billing-waiver");
  });

  it("choosing production shows its rule at once; a checker outside the group is refused by name", async () => {
    const form = await openRequestForm(e2e, USERS.maker, "restart-service");
    expect(messageText(form)).not.toContain("In Production");
    // The group cannot be read right now: the form offers the workspace, checked on submit.
    e2e.standIn.failNext("usergroups.users.list", { error: "fatal_error" });
    await e2e.driver.clickInModal(USERS.maker, form, {
      actionId: INPUT,
      blockId: BLOCK.environment,
      selectedValue: "production",
    });
    await until(async () =>
      /In Production/.test(messageText(e2e.standIn.currentModal(USERS.maker) ?? {})),
    );
    const redrawn = e2e.standIn.currentModal(USERS.maker);
    if (!redrawn) throw new Error("the form closed");
    const shown = messageText(redrawn);
    expect(shown).toContain(
      "*In Production*: needs 2 approvals from different people · checkers: <!subteam^S0SRE> · expires 1h after it is sent",
    );
    expect(shown).toContain(":warning: Live customer traffic");
    const checkersOf = (view: object) =>
      ((view as { blocks?: { block_id?: string }[] }).blocks ?? []).find(
        (block) => block.block_id === BLOCK.checkers,
      );
    expect(checkersOf(redrawn)).toMatchObject({ element: { type: "multi_users_select" } });

    const refused = await e2e.driver.submit(
      USERS.maker,
      redrawn,
      answers("production", [USERS.checker, USERS.stranger]),
    );
    expect(refused.outcome).toEqual({
      action: "errors",
      errors: {
        [BLOCK.checkers]: "stranger may not approve this in Production: choose @sre.",
      },
    });

    // Once the group can be read, the field lists only its members, by name.
    const open = e2e.standIn.currentModal(USERS.maker);
    if (!open) throw new Error("the form closed");
    await e2e.driver.clickInModal(USERS.maker, open, {
      actionId: INPUT,
      blockId: BLOCK.environment,
      selectedValue: "production",
    });
    await until(
      async () =>
        (
          checkersOf(e2e.standIn.currentModal(USERS.maker) ?? { blocks: [] }) as {
            element?: { type?: string };
          }
        )?.element?.type === "multi_static_select",
    );
    expect(checkersOf(e2e.standIn.currentModal(USERS.maker) ?? { blocks: [] })).toMatchObject({
      element: {
        options: [
          { text: { text: "checker" }, value: USERS.checker },
          { text: { text: "checker2" }, value: USERS.checker2 },
        ],
      },
    });
  });

  it("a production request needs two of the group; its checkers see the warnings before the buttons", async () => {
    const number = await fileRequest(
      e2e,
      answers("production", [USERS.checker, USERS.checker2]),
      "restart-service",
    );
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request?.approvalsRequired).toBe(2);
    // Confirmed only to the maker, in the channel where /request was typed.
    await until(async () => e2e.standIn.ephemeralsFor(USERS.maker).length > 0);
    expect(e2e.standIn.ephemeralsFor(USERS.maker).at(-1)).toMatchObject({
      channel: "C0GENERAL1",
      text: expect.stringContaining(
        `*#${number} Restart service* is waiting for <@${USERS.checker}> and <@${USERS.checker2}> to approve it (2 approvals needed).`,
      ),
    });
    const card = await e2e.dm(USERS.checker, new RegExp(`approve[\\s\\S]*#${number}`));
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain(":warning: *Production*: Live customer traffic");
    expect(blocks).toContain(":warning: *Service*: Restarts drop open connections");
    expect(blocks.indexOf("Live customer traffic")).toBeLessThan(blocks.indexOf(ACTION.approve));

    await clickOn(e2e, USERS.checker, number, ACTION.approve);
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(number))?.approvedBy.length === 1,
    );
    expect((await e2e.bot.engine.requests.findByNumber(number))?.status).toBe("PENDING");
    await clickOn(e2e, USERS.checker2, number, ACTION.approve);
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(number))?.status === "FINISHED",
    );
  });

  it("in staging one approval from anyone but the maker is enough", async () => {
    const number = await fileRequest(e2e, answers("staging", [USERS.stranger]), "restart-service");
    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request?.approvalsRequired).toBe(1);
    const card = await e2e.dm(USERS.stranger, new RegExp(`approve[\\s\\S]*#${number}`));
    expect(JSON.stringify(card.blocks)).not.toContain("Live customer traffic");
  });
});
