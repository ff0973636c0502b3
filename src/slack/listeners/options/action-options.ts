import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import type { SlackDeps } from "../../deps.ts";
import { renderActionOptions } from "../../views/home/filters.ts";

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/** The action filter searches instead of listing when there are more actions than Slack shows. */
export function actionOptions(deps: SlackDeps) {
  return async ({ ack, options }: OptionsArgs) => {
    await ack(renderActionOptions(deps.actions.list(), options.value));
  };
}
