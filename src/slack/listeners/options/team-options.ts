import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { renderTeamOptions } from "../../views/home/filters.ts";

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/** A typeahead needs a few dozen matches; Slack shows at most 100. */
const MAX_TEAMS = 50;

/** The team filter's typeahead: team names containing what was typed. */
export function teamOptions(deps: SlackDeps) {
  return async ({ ack, options }: OptionsArgs) => {
    const teams = await deps.query.teams(options.value.trim(), MAX_TEAMS);
    await ack(renderTeamOptions(teams));
  };
}
