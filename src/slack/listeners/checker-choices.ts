import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { ActionDefinition } from "../../factory/types.ts";
import type { SlackDeps } from "../deps.ts";
import { slackError } from "../slack-directory.ts";
import { SLACK } from "../views/blocks.ts";
import type { CheckerOption } from "../views/checker-field.ts";
import { chosenEnvironment } from "../views/request-fields.ts";
import { withinDeadline } from "./views/deadline.ts";

/**
 * How long the form waits for the allowed checkers (user groups read from Slack) before it
 * shows the people picker instead: the form must open within Slack's 3 seconds.
 */
export const CHECKER_CHOICES_WAIT_MS = 1500;

/**
 * The allowed checkers to offer in the form, or undefined for Slack's people picker (checked on
 * submit): no allow-list, more people than a select holds, or a lookup too slow or failed.
 */
export async function checkerChoicesFor(
  deps: Pick<SlackDeps, "requests" | "logger">,
  action: ActionDefinition | undefined,
  prefillEnvironment: string | undefined,
  makerId: string,
  waitMs = CHECKER_CHOICES_WAIT_MS,
): Promise<readonly CheckerOption[] | undefined> {
  if (!action) return undefined;
  const environment = chosenEnvironment(deps.requests.environmentsFor(action), prefillEnvironment);
  const lookup = deps.requests.checkerChoices(action, environment, makerId, SLACK.selectOptions);
  const settled = await withinDeadline(lookup, waitMs);
  if (settled.kind === "failed") {
    deps.logger.warn(
      `checkers of ${action.id} could not be listed (the people picker is shown): ${String(settled.error)}`,
    );
    return undefined;
  }
  if (settled.kind === "late") {
    // The lookup goes on and fills the directory's cache for the next form.
    lookup.catch(() => {});
    return undefined;
  }
  const choices = settled.value;
  return choices.kind === "listed" && !choices.more && choices.people.length > 0
    ? choices.people
    : undefined;
}

/** How long opening a form waits for the allowed checkers before it opens without them. */
const OPEN_WAIT_MS = 300;

/**
 * Opens the request form at once (its trigger expires within 3 seconds) with the allowed
 * checkers if they are known quickly (the directory's cache); else it opens with the people
 * picker and is redrawn with the list when it arrives, unless the form changed meanwhile.
 */
export async function openRequestForm(
  deps: Pick<SlackDeps, "requests" | "logger">,
  client: WebClient,
  triggerId: string,
  lookup: {
    action: ActionDefinition | undefined;
    environment: string | undefined;
    makerId: string;
  },
  render: (checkerChoices: readonly CheckerOption[] | undefined) => ModalView,
  /** On top of the modal the click came from (Details), rather than a new one. */
  push = false,
): Promise<void> {
  const choices = checkerChoicesFor(deps, lookup.action, lookup.environment, lookup.makerId);
  const early = await withinDeadline(choices, OPEN_WAIT_MS);
  const known = early.kind === "done" ? early.value : undefined;
  const shown = { trigger_id: triggerId, view: render(known) };
  const opened = await (push ? client.views.push(shown) : client.views.open(shown));
  if (early.kind === "done") return;
  const later = await choices;
  const view = opened.view;
  if (!later || !view?.id) return;
  await client.views
    .update({ view_id: view.id, ...(view.hash ? { hash: view.hash } : {}), view: render(later) })
    .catch((error: unknown) => {
      // A stale hash: the maker already changed the form, which stands.
      if (slackError(error) !== "hash_conflict") throw error;
    });
}
