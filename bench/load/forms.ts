/** What people do in Slack during the benchmarks: open the request form, fill it in, find buttons. */
import { BLOCK, paramBlockId } from "../../src/slack/ids.ts";
import { elementsOf } from "../../test/support/slack/block-kit-elements.ts";
import type { Answers } from "../../test/support/slack/fill-view.ts";
import type { StoredView } from "../../test/support/slack/workspace.ts";
import { pick, type Random } from "../lib/random.ts";
import { ACTION_ID, ENVIRONMENTS, type World } from "./world.ts";

/** Under load the app may take a while to open a form; Slack's trigger expires after 3 s anyway. */
const WAIT_MS = 60_000;

/** `/request billing-waiver`, then the modal the app opened for it. */
export async function openForm(world: World, user: string): Promise<StoredView> {
  const from = world.standIn.calls.length;
  const command = await world.driver.command(user, ACTION_ID);
  if (command.status !== 200) throw new Error(`/request answered ${command.status}`);
  const call = await world.standIn.waitFor(
    (c) => c.method === "views.open" && c.args.trigger_id === command.triggerId,
    { fromIndex: from, timeoutMs: WAIT_MS },
  );
  const modal = world.standIn.currentModal(user);
  if (call.failed || !modal) throw new Error(`the form did not open: ${call.failed}`);
  return modal;
}

/** A filled-in billing waiver for `checker`, drawn from `random`. */
export function waiverAnswers(random: Random, checker: string): Answers {
  const invoice = Math.floor(random() * 1_000_000);
  return {
    [BLOCK.environment]: pick(random, ENVIRONMENTS),
    [BLOCK.team]: `Customer ${String(1 + Math.floor(random() * 500)).padStart(3, "0")}`,
    [paramBlockId("invoice_id")]: `in_${invoice}`,
    [paramBlockId("amount")]: String(Math.floor(random() * 10_000)),
    [BLOCK.purpose]: `Double-charged during the outage, see ticket ${invoice}`,
    [BLOCK.checkers]: checker,
  };
}

/** Submits the form; true when the app accepted it (saved, or saving after Slack's deadline). */
export async function submitForm(world: World, user: string, form: StoredView, answers: Answers) {
  const response = await world.driver.submit(user, form, answers);
  const action = response.outcome?.action;
  return {
    ms: response.elapsedMs,
    ok: response.status === 200 && (action === "close" || action === "update"),
    detail: `${response.status} ${action ?? ""} ${response.body.slice(0, 120)}`,
  };
}

export interface MessageButton {
  readonly user: string;
  readonly ts: string;
}

/** Messages in these people's DMs that have a button with `actionId`, oldest first. */
export function messagesWithButton(
  world: World,
  users: readonly string[],
  actionId: string,
): MessageButton[] {
  return users.flatMap((user) =>
    world.standIn
      .dmWith(user)
      .filter((message) =>
        (message.blocks ?? []).some((block) =>
          elementsOf(block).some((element) => element.action_id === actionId),
        ),
      )
      .map((message) => ({ user, ts: message.ts })),
  );
}
