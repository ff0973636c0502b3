import type { ActionDefinition } from "../../factory/types.ts";
import type { SlackDeps } from "../deps.ts";
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
