import { expect } from "vitest";
import { BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { WAIT_MS } from "../support/patience.ts";
import type { Answers } from "../support/slack/fill-view.ts";
import { type E2E, USERS } from "./harness.ts";

/** What a maker types for a billing waiver; override any field. */
export function waiverAnswers(overrides: Answers = {}): Answers {
  return {
    [BLOCK.environment]: "production",
    [BLOCK.team]: "Acme Corp",
    [paramBlockId("invoice_id")]: "in_123",
    [paramBlockId("amount")]: "250",
    [paramBlockId("card_last4")]: "4242",
    [BLOCK.checkers]: USERS.checker,
    [BLOCK.purpose]: "Double-charged during the outage",
    ...overrides,
  };
}

/** `/request <action>` as a user does it: the command, then the modal it opens. */
export async function openRequestForm(e2e: E2E, user: string, actionId = "billing-waiver") {
  const response = await e2e.driver.command(user, actionId);
  expect(response.status).toBe(200);
  return modalOpenedBy(e2e, user, response.triggerId);
}

/** The modal the bot opened with `triggerId` (the one minted for a command or a click). */
export async function modalOpenedBy(e2e: E2E, user: string, triggerId: string | undefined) {
  await e2e.standIn.waitFor(
    (call) => call.method === "views.open" && call.args.trigger_id === triggerId && !call.failed,
  );
  const modal = e2e.standIn.currentModal(user);
  if (!modal) throw new Error(`no modal opened for ${user}`);
  return modal;
}

/** Files a request through the modal and returns its number, from the maker's DM. */
export async function fileRequest(
  e2e: E2E,
  answers: Answers = waiverAnswers(),
  actionId = "billing-waiver",
  wait: { timeoutMs?: number } = {},
): Promise<number> {
  const modal = await openRequestForm(e2e, USERS.maker, actionId);
  const earlier = new Set(e2e.standIn.dmWith(USERS.maker).map((message) => message.ts));
  const submitted = await e2e.driver.submit(USERS.maker, modal, answers);
  expect(submitted.outcome).toEqual({ action: "close" });
  const dm = await e2e.dm(USERS.maker, /Request #\d+ is waiting for approval/, {
    ...wait,
    notIn: earlier,
  });
  const number = Number(/#(\d+)/.exec(dm.text)?.[1]);
  return number;
}

/**
 * Clicks a request's button in the user's DM: the newest message about #number that has it,
 * waiting for the outbox to deliver it if need be.
 */
export async function clickOn(e2e: E2E, user: string, number: number, actionId: string) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const message = e2e.standIn
      .dmWith(user)
      .filter((m) => m.text.includes(`#${number}`))
      .findLast((m) => JSON.stringify(m.blocks ?? []).includes(actionId));
    if (message) return e2e.driver.click(user, { actionId, messageTs: message.ts });
    if (Date.now() > deadline) {
      throw new Error(`${user} has no message about #${number} with ${actionId}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
