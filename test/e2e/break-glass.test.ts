import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaRequestQuery } from "../../src/db/prisma-request-query.ts";
import { ACTION, BLOCK, HOME_ACTION, paramBlockId } from "../../src/slack/ids.ts";
import { runAuditInProcess } from "../support/audit-cli.ts";
import { openRequestForm } from "./flows.ts";
import { type E2E, messageText, startE2E, USERS, until } from "./harness.ts";

const AUDIT_CHANNEL = "C0AUDIT001";

const restartPipeline = (webhookUrl: string) => `  - id: restart-pipeline
    title: Restart pipeline
    environments: [production]
    checkers: [S0ONCALL]
    break_glass: true
    params:
      - { name: pipeline, label: Pipeline, type: text, required: true }
      - { name: token, label: Token, type: text, sensitive: true }
    executor: { type: webhook, url: ${webhookUrl}/pipelines, secret_env: WAIVER_SECRET }
`;

const emergency = (reason: string | null) => ({
  [BLOCK.environment]: "production",
  [BLOCK.team]: "Billing",
  [paramBlockId("pipeline")]: "invoices",
  [paramBlockId("token")]: "s3cr3t-token",
  [BLOCK.purpose]: "Invoices stopped going out at 02:00",
  ...(reason === null ? {} : { [BLOCK.breakGlass]: true, [BLOCK.breakGlassReason]: reason }),
});

describe("break glass, end to end", () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ extraActions: restartPipeline, auditChannel: AUDIT_CHANNEL });
    e2e.standIn.addUserGroup("S0ONCALL", [USERS.checker, USERS.checker2, USERS.maker], "oncall");
  });
  afterAll(() => e2e?.close());

  async function breakGlass(reason: string): Promise<number> {
    // The maker's earlier uses match too: wait for this one's card, not the newest one so far.
    const earlier = new Set(e2e.standIn.dmWith(USERS.maker).map((message) => message.ts));
    const form = await openRequestForm(e2e, USERS.maker, "restart-pipeline");
    const submitted = await e2e.driver.submit(USERS.maker, form, emergency(reason));
    expect(submitted.outcome).toEqual({ action: "close" });
    const dm = await e2e.dm(USERS.maker, /You broke the glass/, { notIn: earlier });
    return Number(/#(\d+)/.exec(dm.text)?.[1]);
  }

  it("the form offers it; without a reason it is refused under the reason field", async () => {
    const form = await openRequestForm(e2e, USERS.maker, "restart-pipeline");
    expect(messageText(form)).toContain("Break glass: run it now, without a checker");
    const refused = await e2e.driver.submit(USERS.maker, form, emergency(""));
    expect(refused.outcome).toEqual({
      action: "errors",
      errors: { [BLOCK.breakGlassReason]: "Say what the emergency is: the reviewers read this." },
    });
    // Nothing was filed and nothing ran.
    expect(e2e.webhook.received).toHaveLength(0);
  });

  it("runs at once, and the on-call reviewers and the audit channel are alerted with Acknowledge / Flag", async () => {
    const number = await breakGlass("Pipeline stuck, on-call unreachable");
    await until(
      async () => (await e2e.bot.engine.requests.findByNumber(number))?.status === "FINISHED",
    );
    expect(e2e.webhook.received.at(-1)?.body).toMatchObject({ params: { pipeline: "invoices" } });

    for (const reviewer of [USERS.checker, USERS.checker2]) {
      const alert = await e2e.dm(reviewer, new RegExp(`Break glass[\\s\\S]*#${number}`));
      const text = messageText(alert);
      expect(text).toContain("in Production without a checker's approval");
      expect(text).toContain("Pipeline stuck, on-call unreachable");
      expect(JSON.stringify(alert.blocks)).toContain(ACTION.acknowledge);
      expect(JSON.stringify(alert.blocks)).toContain(ACTION.flag);
    }
    // The maker is in the on-call group, but never reviews their own use.
    expect(
      e2e.standIn
        .dmWith(USERS.maker)
        .some((m) => JSON.stringify(m.blocks).includes(ACTION.acknowledge)),
    ).toBe(false);
    await until(async () =>
      e2e.standIn.messagesIn(AUDIT_CHANNEL).some((m) => /Break glass/.test(messageText(m))),
    );
    const posted = e2e.standIn
      .messagesIn(AUDIT_CHANNEL)
      .find((m) => /Break glass/.test(messageText(m)));
    expect(messageText(posted ?? {})).not.toContain("s3cr3t-token");

    // The maker's own card says what they did, and where it stands.
    const card = await e2e.dm(
      USERS.maker,
      new RegExp(`Request #${number}[\\s\\S]*You broke the glass[\\s\\S]*Done`),
    );
    expect(messageText(card)).toContain("Pipeline stuck, on-call unreachable");
  });

  it("a stranger and the maker are refused; a reviewer acknowledges and every copy updates", async () => {
    const number = await breakGlass("Customers double-billed, rolling back");
    const alert = await e2e.dm(USERS.checker, new RegExp(`Break glass[\\s\\S]*#${number}`));
    const channelAlert = () =>
      e2e.standIn
        .messagesIn(AUDIT_CHANNEL)
        .find((m) => m.text.includes(`#${number}`) && /Break glass/.test(m.text));
    await until(async () => channelAlert() !== undefined);

    await e2e.driver.click(USERS.stranger, {
      actionId: ACTION.acknowledge,
      channel: AUDIT_CHANNEL,
      messageTs: channelAlert()?.ts,
    });
    const told = await e2e.standIn.waitForResponse((r) => r.userId === USERS.stranger);
    expect(String(told.body.text)).toBe(
      `Only <@${USERS.checker}> or <@${USERS.checker2}> can review #${number}.`,
    );

    await e2e.driver.click(USERS.maker, {
      actionId: ACTION.acknowledge,
      channel: AUDIT_CHANNEL,
      messageTs: channelAlert()?.ts,
    });
    const makerTold = await e2e.standIn.waitForResponse((r) => r.userId === USERS.maker);
    expect(String(makerTold.body.text)).toBe(
      `You broke the glass on #${number}, so someone else must review it.`,
    );

    await e2e.driver.click(USERS.checker, { actionId: ACTION.acknowledge, messageTs: alert.ts });
    await until(async () =>
      /Acknowledged by/.test(
        messageText(
          e2e.standIn.dmWith(USERS.checker2).findLast((m) => m.text.includes(`#${number}`)) ?? {},
        ),
      ),
    );
    const other = e2e.standIn.dmWith(USERS.checker2).findLast((m) => m.text.includes(`#${number}`));
    expect(JSON.stringify(other?.blocks)).not.toContain(ACTION.acknowledge);
    await until(async () => /Acknowledged by/.test(messageText(channelAlert() ?? {})));

    const request = await e2e.bot.engine.requests.findByNumber(number);
    expect(request).toMatchObject({ reviewVerdict: "ACKNOWLEDGED", reviewedBy: USERS.checker });
  });

  it("flagging asks what looks wrong, and the maker is told", async () => {
    const number = await breakGlass("Felt urgent");
    const alert = await e2e.dm(USERS.checker2, new RegExp(`Break glass[\\s\\S]*#${number}`));
    const clicked = await e2e.driver.click(USERS.checker2, {
      actionId: ACTION.flag,
      messageTs: alert.ts,
    });
    await e2e.standIn.waitFor(
      (call) => call.method === "views.open" && call.args.trigger_id === clicked.triggerId,
    );
    const form = e2e.standIn.currentModal(USERS.checker2);
    if (!form) throw new Error("no flag form");
    const empty = await e2e.driver.submit(USERS.checker2, form, { [BLOCK.note]: "" });
    expect(empty.outcome).toEqual({
      action: "errors",
      errors: { [BLOCK.note]: "Say what looks wrong, so it can be followed up." },
    });
    const flagged = await e2e.driver.submit(USERS.checker2, form, {
      [BLOCK.note]: "Not an emergency: this could have waited for the morning",
    });
    expect(flagged.outcome).toEqual({ action: "close" });
    const notice = await e2e.dm(USERS.maker, /flagged your break-glass use/);
    expect(messageText(notice)).toContain("could have waited for the morning");
  });

  it("an action without break_glass does not offer it", async () => {
    const form = await openRequestForm(e2e, USERS.maker, "billing-waiver");
    expect(messageText(form)).not.toContain("Break glass");
  });

  it("the Home tab lists every use, and the audit export gives their whole stories", async () => {
    // A request with a checker, not a use: left out of both.
    const form = await openRequestForm(e2e, USERS.maker, "restart-pipeline");
    await e2e.driver.submit(USERS.maker, form, {
      ...emergency(null),
      [BLOCK.checkers]: USERS.checker,
    });
    const normal = Number(
      /#(\d+)/.exec((await e2e.dm(USERS.maker, /is waiting for approval/)).text)?.[1],
    );
    await e2e.driver.appHomeOpened(USERS.stranger);
    await until(async () =>
      /All requests/.test(messageText(e2e.standIn.homeOf(USERS.stranger) ?? {})),
    );
    const home = e2e.standIn.homeOf(USERS.stranger);
    if (!home) throw new Error("no Home");
    await e2e.driver.clickInModal(USERS.stranger, home, { actionId: HOME_ACTION.filterBreakGlass });
    await until(async () =>
      /Break-glass uses only/.test(messageText(e2e.standIn.homeOf(USERS.stranger) ?? {})),
    );
    const filtered = messageText(e2e.standIn.homeOf(USERS.stranger) ?? {});
    const query = new PrismaRequestQuery(e2e.bot.engine.database.prisma);
    const uses = (await query.list({ breakGlass: true }, {}, 50)).requests;
    expect(uses.map((r) => r.number)).toHaveLength(3);
    for (const use of uses) expect(filtered).toContain(`*#${use.number}*`);
    expect(filtered).toContain("Break glass (flagged)");
    expect(filtered).toContain("Break glass (acknowledged)");
    expect(filtered).not.toContain(`*#${normal}*`);
    expect(messageText(home)).toContain(`*#${normal}*`);

    if (process.env.TEST_DATABASE_URL) {
      const exported = await auditExport(["export", "--break-glass"], e2e);
      const events = exported
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { type: string; requestNumber: number });
      expect(new Set(events.map((e) => e.requestNumber))).toEqual(
        new Set(uses.map((r) => r.number)),
      );
      expect(events.filter((e) => e.type === "BREAK_GLASS_USED")).toHaveLength(3);
      expect(events.map((e) => e.type)).toContain("BREAK_GLASS_REVIEWED");
      expect(events.some((e) => e.requestNumber === normal)).toBe(false);
    }
  });
});

/** `npm run audit -- …` against the bot's PostgreSQL database (PGlite serves one process only). */
async function auditExport(args: readonly string[], e2e: E2E): Promise<string> {
  const run = await runAuditInProcess(args, e2e.env);
  if (run.code !== 0) throw new Error(`audit exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}
